import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
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
import { MembershipService } from '../domain/membership.service';
import { PropertiesService } from '../domain/properties.service';
import { adminValidationPipe } from './admin-validation.pipe';
import { adminIdPipe } from './dto/admin.dto';
import { ChildGroupIdsDto, PropertyValueDto } from './dto/admin-group-bodies.dto';
import { AdminChildGroupDto, AdminPropertyDto } from './dto/admin-responses.dto';

/** What a group holds besides members: nested groups and properties. Read: read; change: write. */
@ApiTags('admin: groups')
@ApiBearerAuth()
@Controller('admin/v1/groups/:id')
@UseGuards(BearerAuthGuard)
export class AdminGroupContentController {
  constructor(
    private readonly membership: MembershipService,
    private readonly properties: PropertiesService,
  ) {}

  @Get('children')
  @ApiOperation({ summary: 'Groups nested directly in this one, by id (read)' })
  @ApiOkResponse({ type: [AdminChildGroupDto] })
  listChildren(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return this.membership.listChildren(caller, id);
  }

  @Post('children')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Nest groups in this one (write; each must be visible); a cycle is refused with 400',
  })
  @ApiNoContentResponse()
  async addChildren(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Body(adminValidationPipe) dto: ChildGroupIdsDto,
  ) {
    await this.membership.addChildren(caller, id, dto.groupIds, { param: 'groupIds' });
  }

  @Delete('children/:childId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Un-nest a group (write); one not nested: no-op' })
  @ApiNoContentResponse()
  async removeChild(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('childId', adminIdPipe) childId: number,
  ) {
    await this.membership.removeChildren(caller, id, [childId]);
  }

  @Get('properties')
  @ApiOperation({ summary: 'Properties, by name (read)' })
  @ApiOkResponse({ type: [AdminPropertyDto] })
  listProperties(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return this.properties.listProperties(caller, id);
  }

  @Put('properties/:name')
  @ApiOperation({ summary: 'Set a property (write): creates or replaces' })
  @ApiOkResponse({ type: AdminPropertyDto })
  async setProperty(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('name') name: string,
    @Body(adminValidationPipe) dto: PropertyValueDto,
  ): Promise<AdminPropertyDto> {
    await this.properties.setProperty(caller, id, name, dto.value);
    return { name, value: dto.value };
  }

  @Delete('properties/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a property (write); a missing one: no-op' })
  @ApiNoContentResponse()
  async deleteProperty(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('name') name: string,
  ) {
    await this.properties.deleteProperty(caller, id, name);
  }
}
