import {
  Body,
  Controller,
  Delete,
  Get,
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
import { Caller } from '../../domain/caller';
import {
  GROUP_ALREADY_EXISTS,
  GROUP_NOT_FOUND,
  UNAUTHORIZED,
  UNSUPPORTED_OPERATION,
  USER_NOT_FOUND,
} from './jive-errors';
import { JiveMapperService } from './jive-mapper.service';
import { EXAMPLE, JiveOperation } from './jive-openapi';
import { jiveResponse, JiveReturn, sendJiveXml } from './jive-views';

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
  constructor(private readonly jive: JiveMapperService) {}

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
    this.reply(
      res,
      'addAdministratorToGroup',
      await this.jive.addAdministratorToGroup(caller, body),
    );
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
    this.reply(res, 'addMemberToGroup', await this.jive.addMemberToGroup(caller, body));
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
    this.reply(res, 'createGroup', await this.jive.createGroup(caller, body));
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
    this.reply(res, 'deleteGroup', await this.jive.deleteGroup(caller, rawGroupId));
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
    this.reply(res, 'deleteProperty', await this.jive.deleteProperty(caller, rawGroupId, name));
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
    this.reply(
      res,
      'getAdministratorCount',
      await this.jive.getAdministratorCount(caller, rawGroupId),
    );
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
    this.reply(res, 'getGroup', await this.jive.getGroup(caller, rawGroupId));
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
    this.reply(res, 'getGroupAdmins', await this.jive.getGroupAdmins(caller, rawGroupId));
  }

  @Get('groups/:name')
  @JiveOperation('getGroupByName', {
    summary: 'The group with this name (case-insensitive)',
    params: { name: 'URLEncoder-encoded name: "+" is a space' },
    returns: [EXAMPLE.group],
    faults: [`${GROUP_NOT_FOUND}: Group Human Resources not found`],
  })
  async getGroupByName(@CurrentCaller() caller: Caller, @Req() req: Request, @Res() res: Response) {
    const rawName = req.path.replace(/\/+$/, '').split('/').pop() ?? '';
    this.reply(res, 'getGroupByName', await this.jive.getGroupByName(caller, rawName));
  }

  @Get('groupCount')
  @JiveOperation('getGroupCount', { summary: 'Number of groups', returns: ['12'] })
  async getGroupCount(@CurrentCaller() caller: Caller, @Res() res: Response) {
    this.reply(res, 'getGroupCount', await this.jive.getGroupCount(caller));
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
    this.reply(res, 'getGroupMembers', await this.jive.getGroupMembers(caller, rawGroupId));
  }

  @Get('groupNames')
  @JiveOperation('getGroupNames', {
    summary: 'Names of all groups, by name',
    returns: ['Finance', 'HR'],
  })
  async getGroupNames(@CurrentCaller() caller: Caller, @Res() res: Response) {
    this.reply(res, 'getGroupNames', await this.jive.getGroupNames(caller));
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
    this.reply(
      res,
      'getGroupNamesBounded',
      await this.jive.getGroupNamesBounded(caller, rawStart, rawCount),
    );
  }

  @Get('groups')
  @JiveOperation('getGroups', { summary: 'All groups, by name', returns: [EXAMPLE.group] })
  async getGroups(@CurrentCaller() caller: Caller, @Res() res: Response) {
    this.reply(res, 'getGroups', await this.jive.getGroups(caller));
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
    this.reply(res, 'getProperties', await this.jive.getProperties(caller, rawGroupId));
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
    this.reply(res, 'getUserGroupNames', await this.jive.getUserGroupNames(caller, rawUserId));
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
    this.reply(res, 'getUserGroups', await this.jive.getUserGroups(caller, rawUserId));
  }

  @Get('isReadOnly')
  @JiveOperation('isReadOnly', { summary: 'true when READ_ONLY is set', returns: ['false'] })
  isReadOnly(@Res() res: Response) {
    this.reply(res, 'isReadOnly', this.jive.isReadOnly());
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
    this.reply(
      res,
      'removeAdministratorFromGroup',
      await this.jive.removeAdministratorFromGroup(caller, rawGroupId, rawUserId),
    );
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
    this.reply(
      res,
      'removeMemberFromGroup',
      await this.jive.removeMemberFromGroup(caller, rawGroupId, rawUserId),
    );
  }

  @Post('properties')
  @JiveOperation('setProperty', {
    summary: 'Creates or replaces an extended property',
    body: '<setProperty><name>color</name><value>blue</value><groupID>1001</groupID></setProperty>',
    faults: MANAGE_FAULTS.filter((f) => !f.startsWith(USER_NOT_FOUND)),
  })
  async setProperty(@CurrentCaller() caller: Caller, @Body() body: unknown, @Res() res: Response) {
    this.reply(res, 'setProperty', await this.jive.setProperty(caller, body));
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
    this.reply(res, 'updateGroup', await this.jive.updateGroup(caller, body));
  }

  private reply(res: Response, operation: string, items: JiveReturn[]) {
    sendJiveXml(res, 200, jiveResponse(operation, items));
  }
}
