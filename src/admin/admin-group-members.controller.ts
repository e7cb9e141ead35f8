import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
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
import { MembershipService } from '../domain/membership.service';
import { adminValidationPipe } from './admin-validation.pipe';
import { adminEffectiveMember, adminUser, mapPage } from './admin-views';
import { adminIdPipe } from './dto/admin.dto';
import { EmailMembersDto, MemberIdsDto } from './dto/admin-group-bodies.dto';
import { PageQueryDto } from './dto/admin-query.dto';
import {
  AdminEffectiveMemberDto,
  AdminEffectiveMemberPageDto,
  AdminMembershipExplanationDto,
  AdminUserDto,
  AdminUserPageDto,
} from './dto/admin-responses.dto';

class EmailMembersResponseDto extends EmailMembersDto {}

/** A group's members: direct (paged, add, remove), effective (paged, explained) and by e-mail. */
@ApiTags('admin: groups')
@ApiBearerAuth()
@Controller('admin/v1/groups/:id')
@UseGuards(BearerAuthGuard)
export class AdminGroupMembersController {
  constructor(
    private readonly directory: GroupDirectoryService,
    private readonly membership: MembershipService,
    private readonly groups: GroupsService,
  ) {}

  @Get('members')
  @ApiOperation({ summary: 'Direct members by user id, a page at a time (read)' })
  @ApiOkResponse({ type: AdminUserPageDto })
  async listMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Query(adminValidationPipe) page: PageQueryDto,
  ): Promise<KeysetPage<AdminUserDto>> {
    return mapPage(await this.directory.listDirectMembers(caller, id, page), adminUser);
  }

  @Post('members')
  @HttpCode(204)
  @ApiOperation({ summary: 'Add direct members (write); adding a member again is a no-op' })
  @ApiNoContentResponse()
  async addMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Body(adminValidationPipe) dto: MemberIdsDto,
  ) {
    await this.membership.addMembers(caller, id, dto.userIds, { param: 'userIds' });
  }

  @Delete('members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a direct member (write); removing a non-member is a no-op' })
  @ApiNoContentResponse()
  async removeMember(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('userId', adminIdPipe) userId: number,
  ) {
    await this.membership.removeMembers(caller, id, [userId], { param: 'userId' });
  }

  @Get('effective-members')
  @ApiOperation({
    summary: 'Effective members by user id, a page at a time (read)',
    description: 'Direct members and the members of every group nested in this one, each once.',
  })
  @ApiOkResponse({ type: AdminEffectiveMemberPageDto })
  async listEffectiveMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Query(adminValidationPipe) page: PageQueryDto,
  ): Promise<KeysetPage<AdminEffectiveMemberDto>> {
    const members = await this.directory.listEffectiveMembers(caller, id, page);
    return mapPage(members, adminEffectiveMember);
  }

  @Get('members/:userId/explain')
  @ApiOperation({
    summary: 'Why a user is (or is not) an effective member (read)',
    description:
      'Every path from this group, through nested groups, to a group where the user is a direct ' +
      "member or where the user's e-mail address is an e-mail member; shortest first.",
  })
  @ApiOkResponse({ type: AdminMembershipExplanationDto })
  explainMembership(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('userId', adminIdPipe) userId: number,
  ) {
    return this.directory.explainMembership(caller, id, userId);
  }

  @Get('email-members')
  @ApiOperation({ summary: 'E-mail members, in order (read)' })
  @ApiOkResponse({ type: EmailMembersResponseDto })
  async listEmailMembers(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return { emails: await this.membership.listEmailMembers(caller, id) };
  }

  @Put('email-members')
  @ApiOperation({ summary: 'Replace the e-mail members (write); addresses are lower-cased' })
  @ApiOkResponse({ type: EmailMembersResponseDto })
  async replaceEmailMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Body(adminValidationPipe) dto: EmailMembersDto,
  ) {
    await this.groups.updateGroup(
      caller,
      id,
      { emailMembers: dto.emails },
      { params: { emailMembers: 'emails' } },
    );
    return { emails: await this.membership.listEmailMembers(caller, id) };
  }
}
