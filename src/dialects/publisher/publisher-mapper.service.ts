import { Injectable } from '@nestjs/common';
import { Caller } from '../../domain/caller';
import { DomainError } from '../../domain/domain-error';
import { GroupsService, ListedGroupSummary } from '../../domain/groups.service';
import { MembershipService } from '../../domain/membership.service';
import { UsersService } from '../../domain/users.service';
import {
  MAX_PUBLISHER_ID,
  positiveInteger,
  PublisherGroupInput,
  publisherUserIds,
  publisherUserRefs,
} from './publisher-request';
import { PublisherError } from './publisher-errors';
import {
  PUBLISHER_FULL_FIELDS,
  PUBLISHER_SUMMARY_FIELDS,
  PublisherDocument,
  publisherGroupDocument,
  publisherGroupObject,
  publisherListColumns,
  publisherListDocument,
} from './publisher-views';
import { parsePublisherListQuery } from './publisher-request';

/** Errors about members name the wire's `users`. */
const PARAMS = { memberUserIds: 'users' };

/**
 * Maps Publisher requests onto the domain. Access defaults are the domain's: read to see a group,
 * write to change it or its users, manage to delete it; creating is open to any user. Reads
 * need only the group summary: every other Publisher field (`users`, `organisationcount`) comes
 * from the member list.
 */
@Injectable()
export class PublisherMapperService {
  constructor(
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly users: UsersService,
  ) {}

  async list(caller: Caller, rawQuery: Record<string, unknown>, baseUrl: string) {
    const { query, fields, limit, offset } = parsePublisherListQuery(rawQuery, Date.now());
    const page = await this.groups.listGroups(caller, {
      ...query,
      columns: publisherListColumns(fields),
    });
    const items = page.items.map((g) => publisherGroupObject(g, fields, baseUrl));
    return publisherListDocument({ total: page.total, items }, Math.floor(offset / limit));
  }

  async get(caller: Caller, groupId: number, baseUrl: string): Promise<PublisherDocument> {
    const group = await this.fullGroup(caller, groupId);
    return publisherGroupDocument(publisherGroupObject(group, PUBLISHER_FULL_FIELDS, baseUrl));
  }

  async create(caller: Caller, input: PublisherGroupInput, baseUrl: string) {
    const userIds = await this.activeUsers(publisherUserIds(input.users ?? []), [], new Set());
    const group = await this.groups.createGroup(
      caller,
      { name: input.name ?? '', memberUserIds: userIds },
      { params: PARAMS },
    );
    return publisherGroupDocument(publisherGroupObject(group, PUBLISHER_SUMMARY_FIELDS, baseUrl));
  }

  /** Replaces name (required, as on create) and, when `users` is given, the member list. */
  async replace(caller: Caller, groupId: number, input: PublisherGroupInput, baseUrl: string) {
    if (input.id !== undefined && positiveInteger(input.id) !== groupId) {
      throw new PublisherError('invalidId');
    }
    const current = await this.currentMembers(caller, groupId);
    const userIds =
      input.users && (await this.activeUsers(publisherUserIds(input.users), [], current));
    const group = await this.groups.updateGroup(
      caller,
      groupId,
      { name: input.name ?? '', memberUserIds: userIds },
      { params: PARAMS },
    );
    return publisherGroupDocument(publisherGroupObject(group, PUBLISHER_SUMMARY_FIELDS, baseUrl));
  }

  async delete(caller: Caller, groupId: number): Promise<void> {
    await this.groups.deleteGroup(caller, groupId);
  }

  /** Adds users given by id or e-mail; all of them must exist and be active. */
  async addUsers(caller: Caller, groupId: number, input: PublisherGroupInput, baseUrl: string) {
    if (!input.users?.length) throw new PublisherError('missingParameters');
    const { ids, emails } = publisherUserRefs(input.users);
    const current = await this.currentMembers(caller, groupId);
    const userIds = await this.activeUsers(ids, emails, current);
    await this.membership.addMembers(caller, groupId, userIds, { param: 'users' });
    return this.get(caller, groupId, baseUrl);
  }

  /** One list query with members (the same SQL as `fields=all`). */
  private async fullGroup(caller: Caller, groupId: number): Promise<ListedGroupSummary> {
    const { items } = await this.groups.listGroups(caller, {
      ids: [groupId],
      includeMembers: true,
      columns: 'summary',
      limit: 1,
    });
    if (!items[0]) throw DomainError.notFound('group', groupId, 'groupId');
    return items[0];
  }

  /** Checks write access first, so an invisible group is a 404 before any user is looked at. */
  private async currentMembers(caller: Caller, groupId: number): Promise<Set<number>> {
    const members = await this.membership.listMembersToEdit(caller, groupId);
    return new Set(members.map((m) => m.id));
  }

  /**
   * Resolves ids and e-mails to user ids. Unknown users, and inactive users who are not already
   * members, are "The requested user does not exist" (Publisher adds only active users; a PUT
   * that keeps an inactive member must not fail for it). An e-mail shared by several such users
   * is refused rather than resolved to one of them at random.
   */
  private async activeUsers(
    ids: number[],
    emails: string[],
    currentMembers: ReadonlySet<number>,
  ): Promise<number[]> {
    const [byId, byEmail] = await Promise.all([
      this.users.findUsers(ids.filter((id) => id <= MAX_PUBLISHER_ID)),
      this.users.findUsersByEmails(emails),
    ]);
    const usable = (u: { active: boolean; id: number }) => u.active || currentMembers.has(u.id);
    const found = new Set(byId.filter(usable).map((u) => u.id));
    const missingId = ids.find((id) => !found.has(id));
    if (missingId !== undefined) throw DomainError.notFound('user', missingId, 'users');
    const idsByEmail = new Map<string, number[]>();
    for (const u of byEmail.filter(usable)) {
      const key = (u.email ?? '').toLowerCase();
      idsByEmail.set(key, [...(idsByEmail.get(key) ?? []), u.id]);
    }
    const emailIds = emails.map((email) => {
      const matches = idsByEmail.get(email.toLowerCase()) ?? [];
      if (matches.length === 0) throw DomainError.notFound('user', email, 'users');
      if (matches.length > 1) {
        throw new PublisherError('invalidUsers', {
          reason: `${email} is the e-mail address of more than one user`,
        });
      }
      return matches[0];
    });
    return [...new Set([...ids, ...emailIds])];
  }
}
