import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Caller } from '../../domain/caller';
import { GroupListQuery, GroupsService } from '../../domain/groups.service';
import { MembershipService } from '../../domain/membership.service';
import { PropertiesService } from '../../domain/properties.service';
import { SharesService } from '../../domain/shares.service';
import { UsersService } from '../../domain/users.service';
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
import { groupReturn, JiveReturn, propertyReturn, scalarReturn, userReturn } from './jive-views';

/** Jive's groupService is a directory: access-policy.ts says what that allows whom. */
const DIRECTORY = { policy: 'directory' } as const;

/** "Every group": the lists of this API are unbounded. */
const ALL = 2_147_483_647;

/** What an operation answers: the `<return>` items of its response (none for a write). */
type JiveResult = Promise<JiveReturn[]>;

const NOTHING: JiveReturn[] = [];

/**
 * Maps groupService operations onto the domain: parses the argument element or path segments
 * (jive-request.ts), calls the domain under the directory policy and answers the `<return>`
 * items (jive-views.ts).
 */
@Injectable()
export class JiveMapperService {
  constructor(
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly shares: SharesService,
    private readonly properties: PropertiesService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async addAdministratorToGroup(caller: Caller, body: unknown): JiveResult {
    const args = parseArguments(body, 'addAdministratorToGroup');
    const groupId = parseId(requiredToken(args, 'groupID'), 'groupID', 'group');
    const userId = parseId(requiredToken(args, 'userID'), 'userID', 'user');
    await this.shares.addAdministrator(caller, groupId, userId, DIRECTORY);
    return NOTHING;
  }

  async addMemberToGroup(caller: Caller, body: unknown): JiveResult {
    const args = parseArguments(body, 'addMemberToGroup');
    const groupId = parseId(requiredToken(args, 'groupID'), 'groupID', 'group');
    const userId = parseId(requiredToken(args, 'userID'), 'userID', 'user');
    await this.membership.addMembers(caller, groupId, [userId], { ...DIRECTORY, param: 'userID' });
    return NOTHING;
  }

  async createGroup(caller: Caller, body: unknown): JiveResult {
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
    return [groupReturn(group)];
  }

  async deleteGroup(caller: Caller, rawGroupId: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    await this.groups.deleteGroup(caller, groupId, DIRECTORY);
    return NOTHING;
  }

  async deleteProperty(caller: Caller, rawGroupId: string, rawName: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const name = pathText(rawName, 'name');
    await this.properties.deleteProperty(caller, groupId, name, DIRECTORY);
    return NOTHING;
  }

  async getAdministratorCount(caller: Caller, rawGroupId: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const admins = await this.shares.listAdministrators(caller, groupId, DIRECTORY);
    return [scalarReturn(admins.length)];
  }

  async getGroup(caller: Caller, rawGroupId: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    return [groupReturn(await this.groups.getGroup(caller, groupId, DIRECTORY))];
  }

  async getGroupAdmins(caller: Caller, rawGroupId: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const admins = await this.shares.listAdministrators(caller, groupId, DIRECTORY);
    return admins.map(userReturn);
  }

  /** `rawName` is the path segment as sent: URLEncoder's `+` is a space. */
  async getGroupByName(caller: Caller, rawName: string): JiveResult {
    const name = decodeFormSegment(rawName, 'name');
    return [groupReturn(await this.groups.getGroupByName(caller, name, DIRECTORY))];
  }

  async getGroupCount(caller: Caller): JiveResult {
    const { total } = await this.listAll(caller, { limit: 0 });
    return [scalarReturn(total)];
  }

  async getGroupMembers(caller: Caller, rawGroupId: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const members = await this.membership.listMembers(caller, groupId, DIRECTORY);
    return members.map(userReturn);
  }

  async getGroupNames(caller: Caller): JiveResult {
    const { items } = await this.listAll(caller, {});
    return names(items);
  }

  async getGroupNamesBounded(caller: Caller, rawStart: string, rawCount: string): JiveResult {
    const offset = parseCount(rawStart, 'startIndex');
    const limit = parseCount(rawCount, 'numResults');
    const { items } = await this.listAll(caller, { offset, limit });
    return names(items);
  }

  async getGroups(caller: Caller): JiveResult {
    const { items } = await this.listAll(caller, {});
    return items.map(groupReturn);
  }

  async getProperties(caller: Caller, rawGroupId: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const properties = await this.properties.listProperties(caller, groupId, DIRECTORY);
    return properties.map(propertyReturn);
  }

  async getUserGroupNames(caller: Caller, rawUserId: string): JiveResult {
    const { items } = await this.groupsOfUser(caller, rawUserId);
    return names(items);
  }

  async getUserGroups(caller: Caller, rawUserId: string): JiveResult {
    const { items } = await this.groupsOfUser(caller, rawUserId);
    return items.map(groupReturn);
  }

  isReadOnly(): JiveReturn[] {
    return [scalarReturn(this.config.readOnly)];
  }

  async removeAdministratorFromGroup(
    caller: Caller,
    rawGroupId: string,
    rawUserId: string,
  ): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const userId = parseId(rawUserId, 'userID', 'user');
    await this.shares.removeAdministrator(caller, groupId, userId, DIRECTORY);
    return NOTHING;
  }

  async removeMemberFromGroup(caller: Caller, rawGroupId: string, rawUserId: string): JiveResult {
    const groupId = parseId(rawGroupId, 'groupID', 'group');
    const userId = parseId(rawUserId, 'userID', 'user');
    await this.membership.removeMembers(caller, groupId, [userId], {
      ...DIRECTORY,
      param: 'userID',
    });
    return NOTHING;
  }

  async setProperty(caller: Caller, body: unknown): JiveResult {
    const args = parseArguments(body, 'setProperty');
    const groupId = parseId(requiredToken(args, 'groupID'), 'groupID', 'group');
    const name = requiredText(args, 'name');
    const value = optionalText(args, 'value') ?? '';
    await this.properties.setProperty(caller, groupId, name, value, DIRECTORY);
    return NOTHING;
  }

  /** An absent element leaves its field unchanged; an empty description clears it. */
  async updateGroup(caller: Caller, body: unknown): JiveResult {
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
    return NOTHING;
  }

  /** Every group the caller may read (the directory policy lists as the standard one does). */
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
