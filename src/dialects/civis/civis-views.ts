import { isoTimestamp } from '../../common/iso-timestamp';
import { ListedGroup } from '../../domain/groups.service';
import { GroupRef, GroupShares, GroupView, SharedGroups, UserView } from '../../domain/views';

/** Wire shapes, keys in the order of the recorded responses; nulls are sent, never omitted. */

export function userFullName(user: Pick<UserView, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

/**
 * By code point, so a name starting outside the BMP does not yield half a surrogate pair; read
 * in place rather than by spreading the name (this runs for every member of a 1000-member group).
 */
function firstLetter(name: string): string {
  const codePoint = name.codePointAt(0);
  return codePoint === undefined ? '' : String.fromCodePoint(codePoint);
}

function initials(user: UserView): string {
  return `${firstLetter(user.firstName)}${firstLetter(user.lastName)}`.toUpperCase();
}

/** UserSimpleUser (list items with include_members). We track no presence: `online` is null. */
export function civisSimpleUser(user: UserView) {
  return {
    id: user.id,
    name: userFullName(user),
    username: user.username,
    initials: initials(user),
    online: null,
  };
}

/**
 * UserSimpleUserWithManagementDetails (members of a full Group). No primary groups here. The
 * UserSimpleUser fields are written out again, not spread: one literal per member is cheaper.
 */
export function civisMember(user: UserView) {
  return {
    id: user.id,
    name: userFullName(user),
    username: user.username,
    initials: initials(user),
    online: null,
    email: user.email,
    primaryGroupId: null,
    active: user.active,
  };
}

/**
 * GroupSummary: members only when the list asked for them (`include_members`). Its first ten
 * fields are Group's, written out in both rather than spread from a shared head: the spread is
 * much slower on a list page (docs/performance.md, "Figures behind rules in the code").
 */
export function civisGroupSummary(group: ListedGroup) {
  return {
    id: group.id,
    name: group.name,
    createdAt: isoTimestamp(group.createdAt),
    updatedAt: isoTimestamp(group.updatedAt),
    description: group.description,
    slug: group.slug,
    organizationId: group.organizationId,
    organizationName: group.organizationName,
    memberCount: group.activeMemberCount,
    totalMemberCount: group.memberCount,
    lastUpdatedById: group.updatedById,
    createdById: group.createdById,
    members: (group.members ?? []).map(civisSimpleUser),
  };
}

/** Group: all 19 fields. */
export function civisGroup(group: GroupView, members: UserView[]) {
  return {
    id: group.id,
    name: group.name,
    createdAt: isoTimestamp(group.createdAt),
    updatedAt: isoTimestamp(group.updatedAt),
    description: group.description,
    slug: group.slug,
    organizationId: group.organizationId,
    organizationName: group.organizationName,
    memberCount: group.activeMemberCount,
    totalMemberCount: group.memberCount,
    defaultOtpRequiredForLogin: group.defaultOtpRequiredForLogin,
    roleIds: group.roleIds,
    defaultTimeZone: group.defaultTimeZone,
    defaultJobsLabel: group.defaultJobsLabel,
    defaultNotebooksLabel: group.defaultNotebooksLabel,
    defaultServicesLabel: group.defaultServicesLabel,
    lastUpdatedById: group.updatedById,
    createdById: group.createdById,
    members: members.map(civisMember),
  };
}

const ref = ({ id, name }: GroupRef) => ({ id, name });

/**
 * ShareIndex. Owners = the group's owner (implicit manage) and every manage share; writers and
 * readers = the write and read shares.
 */
export function civisShareIndex(shares: GroupShares, owner: GroupRef | null) {
  const byLevel = (level: 'read' | 'write' | 'manage') => ({
    users: shares.users.filter((s) => s.level === level && s.id !== owner?.id).map(ref),
    groups: shares.groups.filter((s) => s.level === level).map(ref),
  });
  const owners = byLevel('manage');
  if (owner) owners.users.unshift(ref(owner));
  const readers = byLevel('read');
  const writers = byLevel('write');
  const sets = [readers, writers, owners];
  return {
    readers,
    writers,
    owners,
    totalUserShares: sets.reduce((n, s) => n + s.users.length, 0),
    totalGroupShares: sets.reduce((n, s) => n + s.groups.length, 0),
  };
}

/** GroupChildren: the groups on which this group holds a share, by level. */
export function civisChildGroups(shared: SharedGroups) {
  return {
    manageable: shared.manage.map(ref),
    writeable: shared.write.map(ref),
    readable: shared.read.map(ref),
  };
}
