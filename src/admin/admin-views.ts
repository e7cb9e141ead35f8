import { isoTimestamp } from '../common/iso-timestamp';
import { KeysetPage } from '../domain/keyset';
import {
  EffectiveMember,
  GroupDirectoryEntry,
} from '../domain/repositories/group-directory.repository';
import { GroupView, UserView } from '../domain/views';
import {
  AdminEffectiveMemberDto,
  AdminGroupDto,
  AdminGroupEntryDto,
  AdminUserDto,
} from './dto/admin-responses.dto';

// The admin API writes timestamps as ISO 8601 (since 0.2.0, CHANGELOG.md); the domain keeps epoch
// milliseconds, which the dialects render each their own way.

export function adminUser(user: UserView): AdminUserDto {
  return {
    id: user.id,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    active: user.active,
    isAdmin: user.isAdmin,
    organizationId: user.organizationId,
    createdAt: isoTimestamp(user.createdAt),
    updatedAt: isoTimestamp(user.updatedAt),
  };
}

export function adminEffectiveMember(member: EffectiveMember): AdminEffectiveMemberDto {
  return { ...adminUser(member), direct: member.direct };
}

export function adminGroup(group: GroupView & { effectiveMemberCount: number }): AdminGroupDto {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    slug: group.slug,
    organizationId: group.organizationId,
    organizationName: group.organizationName,
    federated: group.federated,
    ownerId: group.ownerId,
    createdById: group.createdById,
    updatedById: group.updatedById,
    memberCount: group.memberCount,
    activeMemberCount: group.activeMemberCount,
    effectiveMemberCount: group.effectiveMemberCount,
    defaultOtpRequiredForLogin: group.defaultOtpRequiredForLogin,
    defaultTimeZone: group.defaultTimeZone,
    defaultJobsLabel: group.defaultJobsLabel,
    defaultNotebooksLabel: group.defaultNotebooksLabel,
    defaultServicesLabel: group.defaultServicesLabel,
    roleIds: group.roleIds,
    createdAt: isoTimestamp(group.createdAt),
    updatedAt: isoTimestamp(group.updatedAt),
  };
}

export function adminGroupEntry(entry: GroupDirectoryEntry): AdminGroupEntryDto {
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    organizationId: entry.organizationId,
    organizationName: entry.organizationName,
    federated: entry.federated,
    ownerId: entry.ownerId,
    memberCount: entry.memberCount,
    effectiveMemberCount: entry.effectiveMemberCount,
    createdAt: isoTimestamp(entry.createdAt),
    updatedAt: isoTimestamp(entry.updatedAt),
  };
}

export function mapPage<T, U>(page: KeysetPage<T>, map: (item: T) => U): KeysetPage<U> {
  return { ...page, items: page.items.map(map) };
}
