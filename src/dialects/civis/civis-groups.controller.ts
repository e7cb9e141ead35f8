import {
  applyDecorators,
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
import { CivisMapperService } from './civis-mapper.service';
import { setPaginationHeaders } from './civis-pagination';
import { CivisInput, pathId } from './civis-request';
import {
  civisErrorSchema,
  GROUP_CHILDREN_SCHEMA,
  GROUP_PATCH_SCHEMA,
  GROUP_SCHEMA,
  GROUP_SUMMARY_LIST_SCHEMA,
  GROUP_WRITE_SCHEMA,
  PAGINATION_HEADERS,
  SHARE_GROUPS_SCHEMA,
  SHARE_INDEX_SCHEMA,
  SHARE_USERS_SCHEMA,
} from './civis-openapi';

/** Path ids: positive integers, named in the 400 by their wire name (`id`, `user_id`, `group_id`). */
@Injectable()
class CivisIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    return pathId(value, metadata.data ?? 'id');
  }
}

const ID = { name: 'id', type: Number, description: 'The ID of the group.' };

const ERRORS = {
  400: ['bad_request', 'Validation failed: limit: must be an integer between 1 and 1000'],
  403: ['forbidden', 'This needs manage permission on group 5'],
  404: ['not_found', 'Group 5 not found'],
  409: ['conflict', 'Group "Friendship" already exists'],
} as const;

/** The Civis error body for each status an operation can answer besides 401. */
function CivisErrors(...statuses: Array<keyof typeof ERRORS>) {
  return applyDecorators(
    ...statuses.map((status) => {
      const [error, description] = ERRORS[status];
      return ApiResponse({ status, schema: civisErrorSchema(error, status, description) });
    }),
  );
}

/** Reads: a bad path id (400) or a group that is missing or invisible (404). */
const READ_ERRORS = [400, 404] as const;
/** Writes add 403: visible but not allowed, or the server is read-only. */
const WRITE_ERRORS = [400, 403, 404] as const;

/** Civis Platform `/groups` as civis-python and civis-r speak it (docs/civis.md). */
@ApiTags('civis')
@ApiBasicAuth()
@ApiBearerAuth()
@ApiResponse({
  status: 401,
  description: 'Missing or invalid API key; carries a `WWW-Authenticate` header.',
  schema: civisErrorSchema('unauthorized', 401, 'The API key is missing, invalid or expired.'),
})
@Controller('groups')
@UseGuards(ApiKeyAuthGuard)
export class CivisGroupsController {
  constructor(private readonly civis: CivisMapperService) {}

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
  @ApiResponse({ status: 200, schema: GROUP_SUMMARY_LIST_SCHEMA, headers: PAGINATION_HEADERS })
  @CivisErrors(400)
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: CivisInput,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { page, total, items } = await this.civis.list(caller, query);
    setPaginationHeaders(res, page, total);
    return items;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a Group',
    description:
      "`organization_id` defaults to the creator's organization, `slug` to a UUID; the creator " +
      'holds manage on the group and is not made a member.',
  })
  @ApiBody({ schema: GROUP_WRITE_SCHEMA })
  @ApiResponse({ status: 201, schema: GROUP_SCHEMA })
  @CivisErrors(400, 403, 404, 409)
  async post(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    return this.civis.create(caller, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a Group' })
  @ApiParam(ID)
  @ApiResponse({ status: 200, schema: GROUP_SCHEMA })
  @CivisErrors(...READ_ERRORS)
  async get(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    return this.civis.get(caller, id);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Replace all attributes of this Group',
    description: '`name` is required; every optional attribute left out is set to null.',
  })
  @ApiParam(ID)
  @ApiBody({ schema: GROUP_WRITE_SCHEMA })
  @ApiResponse({ status: 200, schema: GROUP_SCHEMA })
  @CivisErrors(...WRITE_ERRORS, 409)
  async put(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    return this.civis.update(caller, id, body, 'replace');
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update some attributes of this Group',
    description: 'Absent keys are kept; keys sent as null are cleared.',
  })
  @ApiParam(ID)
  @ApiBody({ schema: GROUP_PATCH_SCHEMA })
  @ApiResponse({ status: 200, schema: GROUP_SCHEMA })
  @CivisErrors(...WRITE_ERRORS, 409)
  async patch(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    return this.civis.update(caller, id, body, 'patch');
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a Group (deprecated)', description: 'Needs manage.' })
  @ApiParam(ID)
  @ApiResponse({ status: 204, description: 'Deleted; empty body.' })
  @CivisErrors(...WRITE_ERRORS)
  async delete(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    await this.civis.delete(caller, id);
  }

  @Put(':id/members/:user_id')
  @ApiOperation({ summary: 'Add a user to a group', description: 'Needs write.' })
  @ApiParam(ID)
  @ApiParam({ name: 'user_id', type: Number })
  @ApiResponse({ status: 200, schema: GROUP_SCHEMA })
  @CivisErrors(...WRITE_ERRORS)
  async putMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('user_id', CivisIdPipe) userId: number,
  ) {
    return this.civis.addMember(caller, id, userId);
  }

  @Delete(':id/members/:user_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from a group', description: 'Needs write.' })
  @ApiParam(ID)
  @ApiParam({ name: 'user_id', type: Number })
  @ApiResponse({ status: 204, description: 'Removed (or was not a member); empty body.' })
  @CivisErrors(...WRITE_ERRORS)
  async deleteMembers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('user_id', CivisIdPipe) userId: number,
  ) {
    await this.civis.removeMember(caller, id, userId);
  }

  @Get(':id/shares')
  @ApiOperation({
    summary: 'List users and groups permissioned on this object',
    description: 'An array holding one ShareIndex, as the spec types it.',
  })
  @ApiParam(ID)
  @ApiResponse({ status: 200, schema: { type: 'array', items: SHARE_INDEX_SCHEMA } })
  @CivisErrors(...READ_ERRORS)
  async listShares(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    return [await this.civis.shareIndex(caller, id)];
  }

  @Put(':id/shares/users')
  @ApiOperation({
    summary: 'Set the permissions users have on this object',
    description: 'Needs manage.',
  })
  @ApiParam(ID)
  @ApiBody({ schema: SHARE_USERS_SCHEMA })
  @ApiResponse({ status: 200, schema: SHARE_INDEX_SCHEMA })
  @CivisErrors(...WRITE_ERRORS)
  async putSharesUsers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    return this.civis.shareWithUsers(caller, id, body);
  }

  @Put(':id/shares/groups')
  @ApiOperation({
    summary: 'Set the permissions groups has on this object',
    description: 'Needs manage. A group share applies to every effective member of that group.',
  })
  @ApiParam(ID)
  @ApiBody({ schema: SHARE_GROUPS_SCHEMA })
  @ApiResponse({ status: 200, schema: SHARE_INDEX_SCHEMA })
  @CivisErrors(...WRITE_ERRORS)
  async putSharesGroups(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Body() body: unknown,
  ) {
    return this.civis.shareWithGroups(caller, id, body);
  }

  @Delete(':id/shares/users/:user_id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke the permissions a user has on this object',
    description: 'Needs manage.',
  })
  @ApiParam(ID)
  @ApiParam({ name: 'user_id', type: Number })
  @ApiResponse({ status: 204, description: 'Revoked (or there was no share); empty body.' })
  @CivisErrors(...WRITE_ERRORS)
  async deleteSharesUsers(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('user_id', CivisIdPipe) userId: number,
  ) {
    await this.civis.unshareUser(caller, id, userId);
  }

  @Delete(':id/shares/groups/:group_id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke the permissions a group has on this object',
    description: 'Needs manage.',
  })
  @ApiParam(ID)
  @ApiParam({ name: 'group_id', type: Number })
  @ApiResponse({ status: 204, description: 'Revoked (or there was no share); empty body.' })
  @CivisErrors(...WRITE_ERRORS)
  async deleteSharesGroups(
    @CurrentCaller() caller: Caller,
    @Param('id', CivisIdPipe) id: number,
    @Param('group_id', CivisIdPipe) groupId: number,
  ) {
    await this.civis.unshareGroup(caller, id, groupId);
  }

  @Get(':id/child_groups')
  @ApiOperation({
    summary: 'Get child groups of this group',
    description: 'The groups on which this group holds a share: manageable, writeable, readable.',
  })
  @ApiParam(ID)
  @ApiResponse({ status: 200, schema: GROUP_CHILDREN_SCHEMA })
  @CivisErrors(...READ_ERRORS)
  async getChildGroups(@CurrentCaller() caller: Caller, @Param('id', CivisIdPipe) id: number) {
    return this.civis.childGroups(caller, id);
  }
}
