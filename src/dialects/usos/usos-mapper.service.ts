import { Injectable } from '@nestjs/common';
import { Caller } from '../../domain/caller';
import { ContentParams, GroupContent, GroupsService } from '../../domain/groups.service';
import { MembershipService } from '../../domain/membership.service';
import { UsersService } from '../../domain/users.service';
import { GroupView } from '../../domain/views';
import { CUSTOM_GROUP_SCHEMA, renderGroupRef, renderPrimaryGroup, renderUser } from './usos-views';
import { UsosError } from './usos-errors';
import { parseFieldSelector, project, Projection, resolveProjection } from './usos-fields';
import { toInternalId, UsosParams } from './usos-request';

export const CSGROUPS_METHODS = [
  'create',
  'custom_group',
  'custom_groups',
  'delete',
  'update',
  'user',
] as const;
export type CsgroupsMethod = (typeof CSGROUPS_METHODS)[number];

/** Errors from the domain name the USOS parameter at fault. */
const CONTENT_PARAMS: ContentParams = {
  memberUserIds: 'user_ids',
  emailMembers: 'emails',
  childGroupIds: 'custom_group_ids',
};

/**
 * `user` answers every group the user created, so it reads them as one page of ids and names:
 * paging by 500 cost a count and a page query per 500 groups (issue 22, statements per request).
 */
const ALL_GROUPS = Number.MAX_SAFE_INTEGER;

type GroupKind = 'custom' | 'primary';

/**
 * `services/csgroups`: custom groups are non-federated groups, primary groups federated ones
 * (docs/architecture.md). Maps USOS parameters onto the GroupsDomain and its views back onto USOS fields.
 */
@Injectable()
export class UsosMapperService {
  constructor(
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly users: UsersService,
  ) {}

  async create(caller: Caller, params: UsosParams) {
    const name = params.required('name');
    const strict = params.boolean('strict', true);
    const content = await this.content(caller, params, strict, 'services/csgroups/create');
    const group = await this.groups.createGroup(
      caller,
      { name, federated: false, ...content },
      { dropUnknown: !strict, params: CONTENT_PARAMS },
    );
    return { custom_group_id: String(group.id) };
  }

  async custom_group(caller: Caller, params: UsosParams) {
    const projection = this.projection(params, false);
    const method = 'services/csgroups/custom_group';
    const group = await this.customGroup(caller, params.required('custom_group_id'), method);
    const wanted = new Set(projection.map((f) => f.name));
    const [members, emails, children] = await Promise.all([
      wanted.has('users') ? this.membership.listMembers(caller, group.id) : [],
      wanted.has('emails') ? this.membership.listEmailMembers(caller, group.id) : [],
      wanted.has('custom_groups') || wanted.has('primary_groups')
        ? this.membership.listChildren(caller, group.id)
        : [],
    ]);
    return project(projection, group, {
      id: (g) => String(g.id),
      name: (g) => g.name,
      emails: () => emails,
      users: (_, sub) => members.map((u) => renderUser(sub, u)),
      custom_groups: (_, sub) =>
        children.filter((c) => !c.federated).map((c) => renderGroupRef(sub, c)),
      primary_groups: (_, sub) =>
        children.filter((c) => c.federated).map((c) => renderPrimaryGroup(sub, c)),
    });
  }

  async custom_groups(caller: Caller, params: UsosParams) {
    const projection = this.projection(params, true);
    const ids = params.requiredList('custom_group_ids');
    const found = await this.findByIds(caller, ids);
    // Null prototype: the keys are client-chosen ids (think "__proto__").
    const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const id of ids) {
      const group = found.get(id);
      result[id] = group && !group.federated ? renderGroupRef(projection, group) : null;
    }
    return result;
  }

  async delete(caller: Caller, params: UsosParams) {
    const ids = params.requiredList('custom_group_ids');
    const custom = [...(await this.findByIds(caller, ids)).values()]
      .filter((g) => !g.federated)
      .map((g) => g.id);
    const matched = await this.groups.deleteGroups(caller, custom);
    return { matched: matched.map(String) };
  }

  async update(caller: Caller, params: UsosParams) {
    const method = 'services/csgroups/update';
    const group = await this.customGroup(caller, params.required('custom_group_id'), method);
    const name = params.optional('name');
    const strict = params.boolean('strict', true);
    const content = await this.content(caller, params, strict, method, group.id);
    await this.groups.updateGroup(
      caller,
      group.id,
      { name, ...content },
      { dropUnknown: !strict, params: CONTENT_PARAMS },
    );
    return {};
  }

  /** The custom groups the acting user created, oldest first. */
  async user(caller: Caller, params: UsosParams) {
    const projection = this.projection(params, true);
    const { items } = await this.groups.listGroups(caller, {
      createdById: caller.userId,
      federated: false,
      minLevel: null,
      sort: [{ field: 'createdAt', direction: 'asc' }],
      columns: 'refs',
      limit: ALL_GROUPS,
    });
    return items.map((g) => renderGroupRef(projection, g));
  }

  private projection(params: UsosParams, primaryOnly: boolean): Projection {
    const selector = parseFieldSelector(params.optional('fields') ?? CUSTOM_GROUP_SCHEMA.defaults);
    return resolveProjection(selector, CUSTOM_GROUP_SCHEMA, primaryOnly);
  }

  private async customGroup(caller: Caller, id: string, method: string): Promise<GroupView> {
    const group = (await this.findByIds(caller, [id])).get(id);
    if (!group || group.federated) {
      throw UsosError.objectNotFound(
        'custom_group_id',
        method,
        `Custom group "${id}" could not be found.`,
      );
    }
    return group;
  }

  /** Existing groups among USOS id strings, keyed by the given string. */
  private async findByIds(caller: Caller, ids: string[]): Promise<Map<string, GroupView>> {
    const numeric = ids.map(toInternalId).filter((n): n is number => n !== null);
    const byId = new Map((await this.groups.findGroups(caller, numeric)).map((g) => [g.id, g]));
    const found = new Map<string, GroupView>();
    for (const id of ids) {
      const group = byId.get(toInternalId(id) ?? NaN);
      if (group) found.set(id, group);
    }
    return found;
  }

  /**
   * Members, e-mails and nested groups from `user_ids`, `emails`, `custom_group_ids` and
   * `primary_group_ids`; an absent parameter leaves its part alone (undefined). Both group lists
   * are one set of children in the domain, so on update the untouched kind is kept.
   */
  private async content(
    caller: Caller,
    params: UsosParams,
    strict: boolean,
    method: string,
    groupId?: number,
  ): Promise<GroupContent> {
    const customIds = params.optionalList('custom_group_ids');
    const primaryIds = params.optionalList('primary_group_ids');
    const userIds = params.optionalList('user_ids');
    const emails = params.optionalList('emails');
    const content: GroupContent = { emailMembers: emails };

    if (customIds !== undefined || primaryIds !== undefined) {
      const found = await this.findByIds(caller, [...(customIds ?? []), ...(primaryIds ?? [])]);
      const pick = (ids: string[], kind: GroupKind) =>
        ids.flatMap((id) => {
          const group = found.get(id);
          if (group && group.federated === (kind === 'primary')) return [group.id];
          if (!strict) return [];
          throw UsosError.objectNotFound(
            kind === 'custom' ? 'custom_group_ids' : 'primary_group_ids',
            method,
            `${kind === 'custom' ? 'Custom' : 'Primary'} group "${id}" could not be found.`,
          );
        });
      let custom = customIds && pick(customIds, 'custom');
      let primary = primaryIds && pick(primaryIds, 'primary');
      if (groupId !== undefined && (custom === undefined || primary === undefined)) {
        const current = await this.membership.listChildren(caller, groupId);
        custom ??= current.filter((c) => !c.federated).map((c) => c.id);
        primary ??= current.filter((c) => c.federated).map((c) => c.id);
      }
      content.childGroupIds = [...(custom ?? []), ...(primary ?? [])];
    }

    if (userIds !== undefined) {
      const numeric = userIds.map(toInternalId).filter((n): n is number => n !== null);
      const known = new Set((await this.users.findUsers(numeric)).map((u) => u.id));
      content.memberUserIds = userIds.flatMap((id) => {
        const userId = toInternalId(id);
        if (userId !== null && known.has(userId)) return [userId];
        if (!strict) return [];
        throw UsosError.objectNotFound('user_ids', method, `User "${id}" could not be found.`);
      });
    }
    return content;
  }
}
