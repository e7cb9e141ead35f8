import { AccessLevel } from './access-level';

/** Plain objects the dialects render. Timestamps are epoch milliseconds. */
export interface UserView {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string | null;
  active: boolean;
  isAdmin: boolean;
  organizationId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface GroupSettings {
  defaultOtpRequiredForLogin: boolean | null;
  defaultTimeZone: string | null;
  defaultJobsLabel: string | null;
  defaultNotebooksLabel: string | null;
  defaultServicesLabel: string | null;
  roleIds: number[];
}

export interface GroupView extends GroupSettings {
  id: number;
  name: string;
  description: string | null;
  slug: string;
  organizationId: number | null;
  organizationName: string | null;
  federated: boolean;
  ownerId: number | null;
  createdById: number | null;
  updatedById: number | null;
  createdAt: number;
  updatedAt: number;
  /** Direct members that are active / all direct members. */
  activeMemberCount: number;
  memberCount: number;
}

/** What a list item shows (Civis GroupSummary, Jive): no settings, owner or federation flag. */
export type GroupListing = Omit<GroupView, keyof GroupSettings | 'federated' | 'ownerId'>;

/** What a list shows when it needs no more than this (Publisher). */
export type GroupSummary = Pick<GroupView, 'id' | 'name' | 'createdAt' | 'updatedAt'>;

export interface GroupRef {
  id: number;
  name: string;
}

export interface OrganizationView {
  id: number;
  name: string;
  slug: string;
}

export interface PropertyView {
  name: string;
  value: string;
}

export interface PrincipalShare {
  id: number;
  name: string;
  level: AccessLevel;
}

/** Explicit shares on a group (the owner is not a share; see GroupView.ownerId). */
export interface GroupShares {
  users: PrincipalShare[];
  groups: PrincipalShare[];
}

/** The groups on which a group holds a share, by level. */
export interface SharedGroups {
  manage: GroupRef[];
  write: GroupRef[];
  read: GroupRef[];
}

export interface Page<T> {
  total: number;
  items: T[];
}
