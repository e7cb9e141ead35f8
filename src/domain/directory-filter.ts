/**
 * A small filter language over the directory's own attributes, for provisioning clients (SCIM):
 * a dialect translates its wire filter into this, and the directory repository compiles it to
 * SQL, so filtering never happens in memory. Only what such a client needs is expressible.
 */
export type Comparison = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterValue = string | number | boolean | null;

export type FilterExpression<Field extends string, Extra = never> =
  | { kind: 'and' | 'or'; operands: Array<FilterExpression<Field, Extra>> }
  | { kind: 'not'; operand: FilterExpression<Field, Extra> }
  | { kind: 'compare'; field: Field; op: Comparison; value: FilterValue }
  | { kind: 'present'; field: Field }
  | Extra;

/** Text fields compare case-insensitively, except `externalId` (an opaque id). */
export type UserField =
  | 'id'
  | 'username'
  | 'externalId'
  | 'displayName'
  | 'givenName'
  | 'familyName'
  | 'active'
  | 'createdAt'
  | 'updatedAt';

export type EmailField = 'value' | 'type' | 'primary';

export type EmailFilter = FilterExpression<EmailField>;

/** Users with at least one e-mail address matching `operand`. */
export interface SomeEmail {
  kind: 'someEmail';
  operand: EmailFilter;
}

export type UserFilter = FilterExpression<UserField, SomeEmail>;

/**
 * `memberUserId` / `memberGroupId` compare with `eq` only (a direct member user or nested group);
 * `present` on either means "has such a member".
 */
export type GroupField =
  'id' | 'name' | 'externalId' | 'createdAt' | 'updatedAt' | 'memberUserId' | 'memberGroupId';

export type GroupFilter = FilterExpression<GroupField>;

export type UserSortField =
  'id' | 'username' | 'externalId' | 'displayName' | 'createdAt' | 'updatedAt';
export type GroupSortField = 'id' | 'name' | 'externalId' | 'createdAt' | 'updatedAt';

export interface DirectoryListQuery<Filter, SortField> {
  filter?: Filter;
  sort?: { field: SortField; direction: 'asc' | 'desc' };
  /** 0-based. */
  offset: number;
  limit: number;
}
