import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/auth.guards';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Caller } from '../domain/caller';
import { GroupDirectoryService } from '../domain/group-directory.service';
import { GroupsService } from '../domain/groups.service';
import { KeysetPage } from '../domain/keyset';
import { adminValidationPipe } from './admin-validation.pipe';
import { adminGroup, adminGroupEntry, mapPage } from './admin-views';
import { AdminService } from './admin.service';
import { adminIdPipe, CreateGroupDto } from './dto/admin.dto';
import { UpdateGroupDto } from './dto/admin-group-bodies.dto';
import { GroupSearchQueryDto } from './dto/admin-query.dto';
import { AdminGroupDto, AdminGroupEntryDto, AdminGroupPageDto } from './dto/admin-responses.dto';

/**
 * Groups. Every caller sees and changes only what the access policy allows (docs/architecture.md): a
 * system administrator everything; others the groups they own, share or belong to, and a
 * group they cannot see answers 404 as if it did not exist.
 */
@ApiTags('admin: groups')
@ApiBearerAuth()
@Controller('admin/v1/groups')
@UseGuards(BearerAuthGuard)
export class AdminGroupsController {
  constructor(
    private readonly admin: AdminService,
    private readonly groups: GroupsService,
    private readonly directory: GroupDirectoryService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Find groups the caller may read, in name order, a page at a time',
    description:
      '`q` matches the start of the name, case-insensitively. Filters combine with AND. ' +
      'Each item carries its direct and effective member counts.',
  })
  @ApiOkResponse({ type: AdminGroupPageDto })
  async searchGroups(
    @CurrentCaller() caller: Caller,
    @Query(adminValidationPipe) query: GroupSearchQueryDto,
  ): Promise<KeysetPage<AdminGroupEntryDto>> {
    const { memberId, ...rest } = query;
    const page = await this.directory.searchGroups(caller, { ...rest, memberUserId: memberId });
    return mapPage(page, adminGroupEntry);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a group; the caller owns it (federated = directory-synced, USOS primary)',
  })
  @ApiCreatedResponse({ type: AdminGroupDto })
  createGroup(@CurrentCaller() caller: Caller, @Body(adminValidationPipe) dto: CreateGroupDto) {
    return this.admin.createGroup(caller, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a group (read permission)' })
  @ApiOkResponse({ type: AdminGroupDto })
  async getGroup(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return adminGroup(await this.directory.getGroup(caller, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a group: name, description, federated, organization (write)' })
  @ApiOkResponse({ type: AdminGroupDto })
  async updateGroup(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Body(adminValidationPipe) dto: UpdateGroupDto,
  ) {
    await this.groups.updateGroup(caller, id, dto);
    return adminGroup(await this.directory.getGroup(caller, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a group (manage permission)' })
  @ApiNoContentResponse()
  async deleteGroup(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    await this.groups.deleteGroup(caller, id);
  }
}
