import {
  ArgumentMetadata,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Injectable,
  Param,
  Patch,
  PipeTransform,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyAuthGuard } from '../../auth/auth.guards';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Caller } from '../../domain/caller';
import { GroupsService } from '../../domain/groups.service';
import { MembershipService } from '../../domain/membership.service';
import { SharesService } from '../../domain/shares.service';
import { UsersService } from '../../domain/users.service';
import { GroupView } from '../../domain/views';
import { groupListQuery, setPaginationHeaders } from './civis-pagination';
import { bodyObject, CivisInput, groupAttributes, pathId, shareRequest } from './civis-params';
import {
  civisChildGroups,
  civisGroup,
  civisGroupSummary,
  civisShareIndex,
  userFullName,
} from './civis-views';
import {
  GROUP_EXAMPLE,
  GROUP_PATCH_EXAMPLE,
  GROUP_WRITE_EXAMPLE,
  SHARE_GROUPS_EXAMPLE,
  SHARE_INDEX_EXAMPLE,
  SHARE_USERS_EXAMPLE,
} from './civis-openapi';

/** Path ids: positive integers, named in the 400 by their wire name (`id`, `user_id`, `group_id`). */
@Injectable()
class CivisIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    return pathId(value, metadata.data ?? 'id');
  }
}

const ID = { name: 'id', type: Number, description: 'The ID of the group.' };

/** Civis Platform `/groups` as civis-python and civis-r speak it (spec/civis.md). */
@ApiTags('civis')
@ApiBasicAuth()
@ApiBearerAuth()
@ApiResponse({ status: 401, description: '`unauthorized`, with a WWW-Authenticate header' })
@Controller('groups')
@UseGuards(ApiKeyAuthGuard)
export class CivisGroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly shares: SharesService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List Groups',
    description:
      'Groups visible to the caller, paged. Pages past the end are `200 []`. Headers ' +
      'X-Pagination-Per-Page, -Current-Page, -Total-Pages, -Total-Entries.',
  })
  @ApiQuery({ name: 'query', required: false, description: 'Substring of the name' })
  @ApiQuery({ name: 'permission', required: false, enum: ['read', 'write', 'manage'] })
  @ApiQuery({ name: 'include_members', required: false, type: Boolean })
  @ApiQuery({ name: 'organization_id', required: false, type: Number })
  @ApiQuery({
    name: 'user_ids[]',
    required: false,
    type: [Number],
    description: 'Groups where any of these users is a member (`user_ids[]=1&user_ids[]=2`)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1–1000, default 50' })
  @ApiQuery({ name: 'page_num', required: false, type: Number, description: 'From 1' })
  @ApiQuery({ name: 'order', required: false, enum: ['name', 'created_at'] })
  @ApiQuery({ name: 'order_dir', required: false, enum: ['asc', 'desc'] })
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: CivisInput,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { list, page } = groupListQuery(query);
    const { total, items } = await this.groups.listGroups(caller, list);
    setPaginationHeaders(res, page, total);
    return items.map(civisGroupSummary);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a Group', description: 'snake_case or camelCase keys.' })
  @ApiBody({ schema: { type: 'object', example: GROUP_WRITE_EXAMPLE } })
  @ApiResponse({ status: 201, schema: { example: GROUP_EXAMPLE } })
  async post(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    const group = await this.groups.createGroup(
      caller,
      groupAttributes(bodyObject(body), 'create'),
    );
    return this.render(caller, group);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a Group' })
  @ApiParam(ID)
  @ApiResponse({ status: 200, schema: { example: GROUP_EXAMPLE } })
  async get(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    return this.render(caller, await this.groups.getGroup(caller, id));
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Replace all attributes of this Group',
    description: '`name` is required; every optional attribute left out is set to null.',
  })
  @ApiParam(ID)
  @ApiBody({ schema: { type: 'object', example: GROUP_WRITE_EXAMPLE } })
  @ApiResponse({ status: 200, schema: { example: GROUP_EXAMPLE } })
  async put(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    const input = groupAttributes(bodyObject(body), 'replace');
    return this.render(caller, await this.groups.updateGroup(caller, id, input));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update some attributes of this Group',
    description: 'Absent keys are kept; keys sent as null are cleared.',
  })
  @ApiParam(ID)
  @ApiBody({ schema: { type: 'object', example: GROUP_PATCH_EXAMPLE } })
  @ApiResponse({ status: 200, schema: { example: GROUP_EXAMPLE } })
  async patch(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    const input = groupAttributes(bodyObject(body), 'patch');
    return this.render(caller, await this.groups.updateGroup(caller, id, input));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a Group (deprecated)', description: 'Needs manage.' })
  @ApiParam(ID)
  async delete(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    await this.groups.deleteGroup(caller, id);
  }

  @Put(':id/members/:user_id')
  @ApiOperation({ summary: 'Add a user to a group' })
  @ApiParam(ID)
  @ApiParam({ name: 'user_id', type: Number })
  @ApiResponse({ status: 200, schema: { example: GROUP_EXAMPLE } })
  async putMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('user_id', CivisIdPipe) userId: number,
  ) {
    await this.membership.addMembers(caller, id, [userId], { param: 'user_id' });
    return this.render(caller, await this.groups.getGroup(caller, id));
  }

  @Delete(':id/members/:user_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from a group' })
  @ApiParam(ID)
  @ApiParam({ name: 'user_id', type: Number })
  async deleteMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('user_id', CivisIdPipe) userId: number,
  ) {
    await this.membership.removeMembers(caller, id, [userId], { param: 'user_id' });
  }

  @Get(':id/shares')
  @ApiOperation({
    summary: 'List users and groups permissioned on this object',
    description: 'An array holding one ShareIndex, as the spec types it.',
  })
  @ApiParam(ID)
  @ApiResponse({ status: 200, schema: { example: [SHARE_INDEX_EXAMPLE] } })
  async listShares(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    return [await this.shareIndex(caller, id)];
  }

  @Put(':id/shares/users')
  @ApiOperation({ summary: 'Set the permissions users have on this object' })
  @ApiParam(ID)
  @ApiBody({ schema: { type: 'object', example: SHARE_USERS_EXAMPLE } })
  @ApiResponse({ status: 200, schema: { example: SHARE_INDEX_EXAMPLE } })
  async putSharesUsers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    const { ids, level } = shareRequest(bodyObject(body), 'user_ids');
    await this.shares.shareWithUsers(caller, id, ids, level, { param: 'user_ids' });
    return this.shareIndex(caller, id);
  }

  @Put(':id/shares/groups')
  @ApiOperation({ summary: 'Set the permissions groups has on this object' })
  @ApiParam(ID)
  @ApiBody({ schema: { type: 'object', example: SHARE_GROUPS_EXAMPLE } })
  @ApiResponse({ status: 200, schema: { example: SHARE_INDEX_EXAMPLE } })
  async putSharesGroups(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    const { ids, level } = shareRequest(bodyObject(body), 'group_ids');
    await this.shares.shareWithGroups(caller, id, ids, level, { param: 'group_ids' });
    return this.shareIndex(caller, id);
  }

  @Delete(':id/shares/users/:user_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the permissions a user has on this object' })
  @ApiParam(ID)
  @ApiParam({ name: 'user_id', type: Number })
  async deleteSharesUsers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('user_id', CivisIdPipe) userId: number,
  ) {
    await this.shares.unshareUser(caller, id, userId);
  }

  @Delete(':id/shares/groups/:group_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the permissions a group has on this object' })
  @ApiParam(ID)
  @ApiParam({ name: 'group_id', type: Number })
  async deleteSharesGroups(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('group_id', CivisIdPipe) groupId: number,
  ) {
    await this.shares.unshareGroup(caller, id, groupId);
  }

  @Get(':id/child_groups')
  @ApiOperation({
    summary: 'Get child groups of this group',
    description: 'The groups on which this group holds a share: manageable, writeable, readable.',
  })
  @ApiParam(ID)
  @ApiResponse({
    status: 200,
    schema: {
      example: {
        manageable: [{ id: 2658, name: 'Group 18' }],
        writeable: [{ id: 2664, name: 'Group 19' }],
        readable: [{ id: 2670, name: 'Group 20' }],
      },
    },
  })
  async getChildGroups(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    return civisChildGroups(await this.shares.sharedGroupsOf(caller, id));
  }

  /** A full Group: the view plus its direct members. */
  private async render(caller: Caller, group: GroupView) {
    const members = await this.membership.listMembers(caller, group.id);
    return civisGroup(group, members);
  }

  private async shareIndex(caller: Caller, groupId: number) {
    const shares = await this.shares.listShares(caller, groupId);
    const group = await this.groups.getGroup(caller, groupId);
    const [owner] = group.ownerId === null ? [] : await this.users.findUsers([group.ownerId]);
    return civisShareIndex(shares, owner ? { id: owner.id, name: userFullName(owner) } : null);
  }
}
