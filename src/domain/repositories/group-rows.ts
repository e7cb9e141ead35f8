import { GroupListing, GroupRef, GroupSummary, GroupView, UserView } from '../views';

/** Raw rows as both engines return them (SQLite booleans are 0/1). */
export interface GroupRow {
  id: number;
  name: string;
  description: string | null;
  slug: string;
  organization_id: number | null;
  organization_name: string | null;
  federated: boolean | number;
  owner_id: number | null;
  created_by_id: number | null;
  updated_by_id: number | null;
  created_at: number;
  updated_at: number;
  default_otp_required_for_login: boolean | number | null;
  default_time_zone: string | null;
  default_jobs_label: string | null;
  default_notebooks_label: string | null;
  default_services_label: string | null;
  role_ids: string;
  member_count: number;
  active_member_count: number;
}

/** A USER_COLUMNS row: UserView's names and types, but for SQLite's 0/1 booleans. */
export type UserRow = Omit<UserView, 'active' | 'isAdmin'> & {
  active: boolean | number;
  isAdmin: boolean | number;
};

export const GROUP_HEAD_COLUMNS = `g.id, g.name, g.description, g.slug, g.organization_id,
  o.name AS organization_name, g.created_by_id, g.updated_by_id, g.created_at, g.updated_at`;

/** Kept exact by the database (GroupMemberCounts migration, docs/performance.md F24). */
const GROUP_COUNT_COLUMNS = `g.member_count, g.active_member_count`;

export const GROUP_DETAIL_COLUMNS = `g.federated, g.owner_id,
  g.default_otp_required_for_login, g.default_time_zone, g.default_jobs_label,
  g.default_notebooks_label, g.default_services_label, g.role_ids`;

/** Each column read costs: better-sqlite3 builds every row as an object, key by key. */
export const GROUP_LISTING_COLUMNS = `${GROUP_HEAD_COLUMNS}, ${GROUP_COUNT_COLUMNS}`;

export const GROUP_COLUMNS = `${GROUP_LISTING_COLUMNS}, ${GROUP_DETAIL_COLUMNS}`;

export type GroupListingRow = Omit<
  GroupRow,
  | 'federated'
  | 'owner_id'
  | 'default_otp_required_for_login'
  | 'default_time_zone'
  | 'default_jobs_label'
  | 'default_notebooks_label'
  | 'default_services_label'
  | 'role_ids'
>;

export type GroupSummaryRow = Pick<GroupRow, 'id' | 'name' | 'created_at' | 'updated_at'>;

/** No organization join and no member counts. */
export const GROUP_SUMMARY_COLUMNS = `g.id, g.name, g.created_at, g.updated_at`;

export const GROUP_REF_COLUMNS = `g.id, g.name`;

export const GROUP_FROM = `groups g LEFT JOIN organizations o ON o.id = g.organization_id`;

/** Named as UserView's fields, so toUserView has no copy to make. */
export const USER_COLUMNS = `u.id, u.username, u.first_name AS "firstName", u.last_name AS "lastName",
  u.email, u.active, u.is_admin AS "isAdmin", u.organization_id AS "organizationId",
  u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

export function toGroupView(row: GroupRow): GroupView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    slug: row.slug,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    federated: Boolean(row.federated),
    ownerId: row.owner_id,
    createdById: row.created_by_id,
    updatedById: row.updated_by_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    memberCount: Number(row.member_count),
    activeMemberCount: Number(row.active_member_count),
    defaultOtpRequiredForLogin:
      row.default_otp_required_for_login === null
        ? null
        : Boolean(row.default_otp_required_for_login),
    defaultTimeZone: row.default_time_zone,
    defaultJobsLabel: row.default_jobs_label,
    defaultNotebooksLabel: row.default_notebooks_label,
    defaultServicesLabel: row.default_services_label,
    roleIds: JSON.parse(row.role_ids) as number[],
  };
}

/** Its own literal, not a spread of toGroupView's fields: spreads cost per row (performance.md). */
export function toGroupListing(row: GroupListingRow): GroupListing {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    slug: row.slug,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    createdById: row.created_by_id,
    updatedById: row.updated_by_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    memberCount: Number(row.member_count),
    activeMemberCount: Number(row.active_member_count),
  };
}

export function toGroupSummary(row: GroupSummaryRow): GroupSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toGroupRef(row: Pick<GroupRow, 'id' | 'name'>): GroupRef {
  return { id: row.id, name: row.name };
}

/**
 * The row becomes the view: only the booleans need fixing (SQLite returns 0/1), and they are
 * fixed in place, because a member list maps up to 1000 rows a request and a copy of each was a
 * measurable share of what such a read allocates (docs/performance.md).
 */
export function toUserView(row: UserRow): UserView {
  row.active = Boolean(row.active);
  row.isAdmin = Boolean(row.isAdmin);
  return row as UserView;
}
