import {
  Body,
  Controller,
  Delete,
  Get,
  Inject,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBasicAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BasicAuthGuard } from '../../auth/auth.guards';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Caller } from '../../domain/caller';
import { GroupListQuery, GroupsService } from '../../domain/groups.service';
import { MembershipService } from '../../domain/membership.service';
import { PropertiesService } from '../../domain/properties.service';
import { SharesService } from '../../domain/shares.service';
import { UsersService } from '../../domain/users.service';
import {
  GROUP_ALREADY_EXISTS,
  GROUP_NOT_FOUND,
  UNAUTHORIZED,
  UNSUPPORTED_OPERATION,
  USER_NOT_FOUND,
} from './jive-errors';
import { EXAMPLE, JiveOperation } from './jive-openapi';
import {
  decodeFormSegment,
  optionalText,
  optionalToken,
  parseArguments,
  parseCount,
  parseId,
  parseXsBoolean,
  pathText,
  requiredObject,
  requiredText,
  requiredToken,
} from './jive-request';
import {
  groupReturn,
  jiveResponse,
  JiveReturn,
  propertyReturn,
  scalarReturn,
  sendJiveXml,
  userReturn,
} from './jive-views';

/** Jive's groupService is a directory: access-policy.ts says what that allows whom. */
const DIRECTORY = { policy: 'directory' } as const;

/** "Every group": the lists of this API are unbounded. */
const ALL = 2_147_483_647;

const GROUP_ID = { groupID: 'xs:long group id' };
const GROUP_AND_USER = { groupID: 'xs:long group id', userID: 'xs:long user id' };
const NOT_FOUND = [`${GROUP_NOT_FOUND}: Group 999 not found`];
const MANAGE_FAULTS = [
  `${GROUP_NOT_FOUND}: Group 999 not found`,
  `${USER_NOT_FOUND}: User 999 not found`,
  `${UNAUTHORIZED}: This needs manage permission on group 1001`,
  `${UNSUPPORTED_OPERATION}: This server is read-only`,
];

/**
 * Jive SBS `groupService` over RPC-REST (Apache CXF HTTP binding): fixed verb + path per
 * operation, XML argument element in, `<ns2:{op}Response>` out. Reads are open to every
 * authenticated user; writes need a system or group administrator (a `manage` share).
 */
@ApiTags('jive')
@ApiBasicAuth()
@ApiProduces('text/xml')
@Controller('rpc/rest/groupService')
@UseGuards(BasicAuthGuard)
export class JiveController {
  constructor(
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly shares: SharesService,
    private readonly properties: PropertiesService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('groupAdmins')
  @JiveOperation('addAdministratorToGroup', {
    summary: 'Makes the user an administrator of the group',
    body: '<addAdministratorToGroup><userID>7</userID><groupID>1001</groupID></addAdministratorToGroup>',
    faults: MANAGE_FAULTS,
  })
  async addAdministratorToGroup(
    @CurrentCaller() caller: Caller,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const args = parseArguments(body, 'addAdministratorToGroup');
    const groupId = parseId(requiredToken(args, 'groupID'), 'groupID', 'group');
    const userId = parseId(requiredToken(args, 'userID'), 'userID', 'user');
    await this.shares.addAdministrator(caller, groupId, userId, DIRECTORY);
    this.reply(res, 'addAdministratorToGroup');
  }

  @Post('groupMembers')
  @JiveOperation('addMemberToGroup', {
    summary: 'Adds the user to the group (already a member: no-op)',
    body: '<addMemberToGroup><userID>7</userID><groupID>1001</groupID></addMemberToGroup>',
    faults: MANAGE_FAULTS,
  })
  async addMemberToGroup(
    @CurrentCaller() caller: Caller,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const args = parseArguments(body, 'addMemberToGroup');
    const groupId = parseId(requiredToken(args, 'groupID'), 'groupID', 'group');
    const userId = parseId(requiredToken(args, 'userID'), 'userID', 'user');
    await this.membership.addMembers(caller, groupId, [userId], { ...DIRECTORY, param: 'userID' });
    this.reply(res, 'addMemberToGroup');
  }

  @Post('groups')
  @JiveOperation('createGroup', {
    summary: 'Creates a group (system administrators)',
    body: '<createGroup><name>HR</name><description>Human resources</description><isFederated>false</isFederated></createGroup>',
    returns: [EXAMPLE.group],
    faults: [
      `${GROUP_ALREADY_EXISTS}: Group "HR" already exists`,
      `${UNAUTHORIZED}: Only a system administrator may create groups`,
      `${UNSUPPORTED_OPERATION}: This server is read-only`,
    ],
  })
  async createGroup(@CurrentCaller() caller: Caller, @Body() body: unknown, @Res() res: Response) {
    const args = parseArguments(body, 'createGroup');
    const group = await this.groups.createGroup(
      caller,
      {
        name: optionalText(args, 'name') ?? '',
        description: optionalText(args, 'description') || null,
        federated: parseXsBoolean(optionalToken(args, 'isFederated'), 'isFederated'),
      },
      DIRECTORY,
    );
    this.reply(res, 'createGroup', [groupReturn(group)]);
  }

  @Delete('groups/:groupID')
  @JiveOperation('deleteGroup', {
    summary: 'Deletes the group (system administrators)',
    params: GROUP_ID,
    faults: [...NOT_FOUND, `${UNAUTHORIZED}: Only a system administrator may do this`],
  })
  async deleteGroup(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    await this.groups.deleteGroup(caller, groupId, DIRECTORY);
    this.reply(res, 'deleteGroup');
  }

  @Delete('properties/:groupID/:name')
  @JiveOperation('deleteProperty', {
    summary: 'Deletes an extended property (missing: no-op)',
    params: { ...GROUP_ID, name: 'property name (percent-encoded)' },
    faults: MANAGE_FAULTS.filter((f) => !f.startsWith(USER_NOT_FOUND)),
  })
  async deleteProperty(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Param('name') name: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const property = pathText(name, 'name');
    await this.properties.deleteProperty(caller, groupId, property, DIRECTORY);
    this.reply(res, 'deleteProperty');
  }

  @Get('administratorCount/:groupID')
  @JiveOperation('getAdministratorCount', {
    summary: 'Number of administrators of the group',
    params: GROUP_ID,
    returns: ['1'],
    faults: NOT_FOUND,
  })
  async getAdministratorCount(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const admins = await this.shares.listAdministrators(caller, groupId, DIRECTORY);
    this.reply(res, 'getAdministratorCount', [scalarReturn(admins.length)]);
  }

  @Get('groupsByID/:groupID')
  @JiveOperation('getGroup', {
    summary: 'The group with this ID',
    params: GROUP_ID,
    returns: [EXAMPLE.group],
    faults: NOT_FOUND,
  })
  async getGroup(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const group = await this.groups.getGroup(caller, groupId, DIRECTORY);
    this.reply(res, 'getGroup', [groupReturn(group)]);
  }

  @Get('groupAdmins/:groupID')
  @JiveOperation('getGroupAdmins', {
    summary: 'Administrators of the group (full User objects, by ID)',
    params: GROUP_ID,
    returns: [EXAMPLE.user],
    faults: NOT_FOUND,
  })
  async getGroupAdmins(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const admins = await this.shares.listAdministrators(caller, groupId, DIRECTORY);
    this.reply(res, 'getGroupAdmins', admins.map(userReturn));
  }

  @Get('groups/:name')
  @JiveOperation('getGroupByName', {
    summary: 'The group with this name (case-insensitive)',
    params: { name: 'URLEncoder-encoded name: "+" is a space' },
    returns: [EXAMPLE.group],
    faults: [`${GROUP_NOT_FOUND}: Group Human Resources not found`],
  })
  async getGroupByName(@CurrentCaller() caller: Caller, @Req() req: Request, @Res() res: Response) {
    const raw = req.path.replace(/\/+$/, '').split('/').pop() ?? '';
    const group = await this.groups.getGroupByName(
      caller,
      decodeFormSegment(raw, 'name'),
      DIRECTORY,
    );
    this.reply(res, 'getGroupByName', [groupReturn(group)]);
  }

  @Get('groupCount')
  @JiveOperation('getGroupCount', { summary: 'Number of groups', returns: ['12'] })
  async getGroupCount(@CurrentCaller() caller: Caller, @Res() res: Response) {
    const { total } = await this.listAll(caller, { limit: 0 });
    this.reply(res, 'getGroupCount', [scalarReturn(total)]);
  }

  @Get('groupMembers/:groupID')
  @JiveOperation('getGroupMembers', {
    summary: 'Direct members of the group (full User objects, by ID)',
    params: GROUP_ID,
    returns: [EXAMPLE.user],
    faults: NOT_FOUND,
  })
  async getGroupMembers(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const members = await this.membership.listMembers(caller, groupId, DIRECTORY);
    this.reply(res, 'getGroupMembers', members.map(userReturn));
  }

  @Get('groupNames')
  @JiveOperation('getGroupNames', {
    summary: 'Names of all groups, by name',
    returns: ['Finance', 'HR'],
  })
  async getGroupNames(@CurrentCaller() caller: Caller, @Res() res: Response) {
    const { items } = await this.listAll(caller, {});
    this.reply(res, 'getGroupNames', names(items));
  }

  @Get('groupNamesBounded/:startIndex/:numResults')
  @JiveOperation('getGroupNamesBounded', {
    summary: 'A page of group names, by name (zero-based startIndex; past the end: empty)',
    params: { startIndex: 'xs:int, zero-based', numResults: 'xs:int, page size' },
    returns: ['HR'],
    faults: ['java.lang.NumberFormatException: For input string: "x"'],
  })
  async getGroupNamesBounded(
    @CurrentCaller() caller: Caller,
    @Param('startIndex') rawStart: string,
    @Param('numResults') rawCount: string,
    @Res() res: Response,
  ) {
    const offset = parseCount(rawStart, 'startIndex');
    const limit = parseCount(rawCount, 'numResults');
    const { items } = await this.listAll(caller, { offset, limit });
    this.reply(res, 'getGroupNamesBounded', names(items));
  }

  @Get('groups')
  @JiveOperation('getGroups', { summary: 'All groups, by name', returns: [EXAMPLE.group] })
  async getGroups(@CurrentCaller() caller: Caller, @Res() res: Response) {
    const { items } = await this.listAll(caller, {});
    this.reply(res, 'getGroups', items.map(groupReturn));
  }

  @Get('properties/:groupID')
  @JiveOperation('getProperties', {
    summary: "The group's extended properties, by name",
    params: GROUP_ID,
    returns: [EXAMPLE.property],
    faults: NOT_FOUND,
  })
  async getProperties(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const properties = await this.properties.listProperties(caller, groupId, DIRECTORY);
    this.reply(res, 'getProperties', properties.map(propertyReturn));
  }

  @Get('userGroupNames/:userID')
  @JiveOperation('getUserGroupNames', {
    summary: 'Names of the groups the user is a direct member of, by name',
    params: { userID: 'xs:long user id' },
    returns: ['HR'],
    faults: [`${USER_NOT_FOUND}: User 999 not found`],
  })
  async getUserGroupNames(
    @CurrentCaller() caller: Caller,
    @Param('userID') rawUserId: string,
    @Res() res: Response,
  ) {
    const { items } = await this.groupsOfUser(caller, rawUserId);
    this.reply(res, 'getUserGroupNames', names(items));
  }

  @Get('userGroups/:userID')
  @JiveOperation('getUserGroups', {
    summary: 'The groups the user is a direct member of, by name',
    params: { userID: 'xs:long user id' },
    returns: [EXAMPLE.group],
    faults: [`${USER_NOT_FOUND}: User 999 not found`],
  })
  async getUserGroups(
    @CurrentCaller() caller: Caller,
    @Param('userID') rawUserId: string,
    @Res() res: Response,
  ) {
    const { items } = await this.groupsOfUser(caller, rawUserId);
    this.reply(res, 'getUserGroups', items.map(groupReturn));
  }

  @Get('isReadOnly')
  @JiveOperation('isReadOnly', { summary: 'true when READ_ONLY is set', returns: ['false'] })
  isReadOnly(@Res() res: Response) {
    this.reply(res, 'isReadOnly', [scalarReturn(this.config.readOnly)]);
  }

  @Delete('groupAdmins/:groupID/:userID')
  @JiveOperation('removeAdministratorFromGroup', {
    summary: 'Removes the user as an administrator (not one: no-op)',
    params: GROUP_AND_USER,
    faults: MANAGE_FAULTS,
  })
  async removeAdministratorFromGroup(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Param('userID') rawUserId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const userId = parseId(rawUserId, 'userID', 'user');
    await this.shares.removeAdministrator(caller, groupId, userId, DIRECTORY);
    this.reply(res, 'removeAdministratorFromGroup');
  }

  @Delete('groupMembers/:groupID/:userID')
  @JiveOperation('removeMemberFromGroup', {
    summary: 'Removes the user from the group (not a member: no-op)',
    params: GROUP_AND_USER,
    faults: MANAGE_FAULTS,
  })
  async removeMemberFromGroup(
    @CurrentCaller() caller: Caller,
    @Param('groupID') rawGroupId: string,
    @Param('userID') rawUserId: string,
    @Res() res: Response,
  ) {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const userId = parseId(rawUserId, 'userID', 'user');
    await this.membership.removeMembers(caller, groupId, [userId], {
      ...DIRECTORY,
      param: 'userID',
    });
    this.reply(res, 'removeMemberFromGroup');
  }

  @Post('properties')
  @JiveOperation('setProperty', {
    summary: 'Creates or replaces an extended property',
    body: '<setProperty><name>color</name><value>blue</value><groupID>1001</groupID></setProperty>',
    faults: MANAGE_FAULTS.filter((f) => !f.startsWith(USER_NOT_FOUND)),
  })
  async setProperty(@CurrentCaller() caller: Caller, @Body() body: unknown, @Res() res: Response) {
    const args = parseArguments(body, 'setProperty');
    const groupId = parseId(requiredToken(args, 'groupID'), 'groupID', 'group');
    const name = requiredText(args, 'name');
    const value = optionalText(args, 'value') ?? '';
    await this.properties.setProperty(caller, groupId, name, value, DIRECTORY);
    this.reply(res, 'setProperty');
  }

  @Put('groups')
  @JiveOperation('updateGroup', {
    summary:
      'Updates name and/or description of the group identified by group/ID (absent element: unchanged); system or group administrators',
    body: '<updateGroup><group><ID>1001</ID><name>People</name><description>HR and payroll</description></group></updateGroup>',
    faults: [
      ...NOT_FOUND,
      `${GROUP_ALREADY_EXISTS}: Group "Finance" already exists`,
      `${UNAUTHORIZED}: This needs manage permission on group 1001`,
      `${UNSUPPORTED_OPERATION}: This server is read-only`,
    ],
  })
  async updateGroup(@CurrentCaller() caller: Caller, @Body() body: unknown, @Res() res: Response) {
    const group = requiredObject(parseArguments(body, 'updateGroup'), 'group');
    const groupId = parseId(requiredToken(group, 'ID'), 'ID', 'group');
    const name = optionalText(group, 'name');
    const description = optionalText(group, 'description');
    await this.groups.updateGroup(
      caller,
      groupId,
      { name, description: description === undefined ? undefined : description || null },
      DIRECTORY,
    );
    this.reply(res, 'updateGroup');
  }

  private reply(res: Response, operation: string, items: JiveReturn[] = []) {
    sendJiveXml(res, 200, jiveResponse(operation, items));
  }

  /** Jive lists are directory-wide: what they hold is the directory policy's to say. */
  private listAll(caller: Caller, query: GroupListQuery) {
    return this.groups.listGroups(caller, { limit: ALL, ...query }, DIRECTORY);
  }

  private async groupsOfUser(caller: Caller, rawUserId: string) {
    const userId = parseId(rawUserId, 'userID', 'user');
    await this.users.getUser(userId);
    return this.listAll(caller, { memberUserIds: [userId] });
  }
}

function names(groups: ReadonlyArray<{ name: string }>): JiveReturn[] {
  return groups.map((g) => scalarReturn(g.name));
}
