import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * OpenAPI schemas of the Civis wire shapes (civis_api_spec.json, renamed after what they
 * are), with examples taken from the spec's recorded requests and responses.
 */

const int = (description: string): SchemaObject => ({ type: 'integer', description });
const str = (description: string): SchemaObject => ({ type: 'string', description });
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const time = (description: string): SchemaObject => ({
  type: 'string',
  format: 'date-time',
  description: `${description} (ISO-8601 UTC, milliseconds)`,
});

function object(properties: Record<string, SchemaObject>, required = true): SchemaObject {
  return {
    type: 'object',
    properties,
    ...(required ? { required: Object.keys(properties) } : {}),
  };
}

const idName = object({ id: int('The ID.'), name: str('The name.') });

/** UserSimpleUser: members of a list item (`include_members=true`). */
const SIMPLE_USER_PROPERTIES = {
  id: int('The ID of this user.'),
  name: str('"First Last".'),
  username: str("This user's username."),
  initials: str('First letters of the first and last name, upper case.'),
  online: nullable({ type: 'boolean', description: 'Always null: presence is not tracked.' }),
};

/** UserSimpleUserWithManagementDetails: members of a full Group. */
const MEMBER = object({
  ...SIMPLE_USER_PROPERTIES,
  email: nullable(str("This user's email address.")),
  primaryGroupId: nullable(int('Always null: Groupbridge has no primary groups per user.')),
  active: { type: 'boolean', description: 'Whether this user account is active.' },
});

const SUMMARY_HEAD = {
  id: int('The ID of this group.'),
  name: str("This group's name."),
  createdAt: time('When this group was created'),
  updatedAt: time('When this group was last updated'),
  description: nullable(str('The description of the group.')),
  slug: str('The slug for this group (a UUID unless one was given).'),
  organizationId: nullable(int('The ID of the organization this group belongs to.')),
  organizationName: nullable(str('The name of that organization.')),
  memberCount: int('The number of active direct members.'),
  totalMemberCount: int('The number of direct members.'),
};

const SETTINGS = {
  defaultOtpRequiredForLogin: nullable({ type: 'boolean', description: 'Stored and returned.' }),
  roleIds: { type: 'array', items: { type: 'integer' }, description: 'Stored and returned.' },
  defaultTimeZone: nullable(str('Stored and returned.')),
  defaultJobsLabel: nullable(str('Stored and returned.')),
  defaultNotebooksLabel: nullable(str('Stored and returned.')),
  defaultServicesLabel: nullable(str('Stored and returned.')),
} satisfies Record<string, SchemaObject>;

const AUDIT = {
  lastUpdatedById: nullable(int('The ID of the user who last updated this group.')),
  createdById: nullable(int('The ID of the user who created this group.')),
};

export const GROUP_EXAMPLE = {
  id: 2637,
  name: 'Group 15',
  createdAt: '2026-04-17T18:28:57.000Z',
  updatedAt: '2026-04-17T18:28:57.000Z',
  description: null,
  slug: 'group_ab',
  organizationId: 53,
  organizationName: 'Organization 48',
  memberCount: 1,
  totalMemberCount: 1,
  defaultOtpRequiredForLogin: null,
  roleIds: [],
  defaultTimeZone: null,
  defaultJobsLabel: null,
  defaultNotebooksLabel: null,
  defaultServicesLabel: null,
  lastUpdatedById: null,
  createdById: null,
  members: [
    {
      id: 2337,
      name: 'Ada Lovelace',
      username: 'ada',
      initials: 'AL',
      online: null,
      email: 'ada@example.com',
      primaryGroupId: null,
      active: true,
    },
  ],
};

/** Group: all 19 fields, always present, nulls sent as null. */
export const GROUP_SCHEMA: SchemaObject = {
  ...object({
    ...SUMMARY_HEAD,
    ...SETTINGS,
    ...AUDIT,
    members: { type: 'array', items: MEMBER, description: 'Direct members, by id.' },
  }),
  example: GROUP_EXAMPLE,
};

/** GroupSummary: a list item. */
export const GROUP_SUMMARY_LIST_SCHEMA: SchemaObject = {
  type: 'array',
  items: object({
    ...SUMMARY_HEAD,
    ...AUDIT,
    members: {
      type: 'array',
      items: object(SIMPLE_USER_PROPERTIES),
      description: 'Direct members when `include_members` is true, else empty.',
    },
  }),
  example: [
    {
      id: 30,
      name: 'Default',
      createdAt: '2026-04-17T18:21:01.000Z',
      updatedAt: '2026-04-17T18:21:01.000Z',
      description: null,
      slug: 'default',
      organizationId: 4,
      organizationName: 'Default',
      memberCount: 1,
      totalMemberCount: 1,
      lastUpdatedById: null,
      createdById: null,
      members: [],
    },
  ],
};

const WRITABLE = {
  name: str("This group's name (unique, case-insensitively; at most 100 characters)."),
  description: nullable(str('The description of the group.')),
  slug: nullable(str('Unique; a UUID is generated when absent or null.')),
  organization_id: nullable(int("Defaults to the creator's organization on POST.")),
  default_otp_required_for_login: SETTINGS.defaultOtpRequiredForLogin,
  role_ids: nullable(SETTINGS.roleIds),
  default_time_zone: SETTINGS.defaultTimeZone,
  default_jobs_label: SETTINGS.defaultJobsLabel,
  default_notebooks_label: SETTINGS.defaultNotebooksLabel,
  default_services_label: SETTINGS.defaultServicesLabel,
};

const CAMEL_TOO = 'Keys in snake_case (as civis-python sends them) or camelCase.';

/** GroupCreateRequest / GroupUpdateRequest: `name` required. */
export const GROUP_WRITE_SCHEMA: SchemaObject = {
  type: 'object',
  description: CAMEL_TOO,
  properties: WRITABLE,
  required: ['name'],
  example: {
    name: 'New',
    description: null,
    organization_id: 3,
    default_otp_required_for_login: false,
    role_ids: [1],
  },
};

/** GroupPatchRequest: every key optional; an absent key keeps the attribute, null clears it. */
export const GROUP_PATCH_SCHEMA: SchemaObject = {
  type: 'object',
  description: `${CAMEL_TOO} An absent key keeps the attribute; null clears it.`,
  properties: WRITABLE,
  example: { description: 'Wonderful new description' },
};

function shareRequestSchema(idsKey: 'user_ids' | 'group_ids', example: object): SchemaObject {
  return {
    type: 'object',
    description: `${CAMEL_TOO} The e-mail fields are accepted and ignored (no mail is sent).`,
    properties: {
      [idsKey]: { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 1000 },
      permission_level: { type: 'string', enum: ['read', 'write', 'manage'] },
      share_email_body: nullable({ type: 'string' }),
      send_shared_email: nullable({ type: 'boolean' }),
    },
    required: [idsKey, 'permission_level'],
    example,
  };
}

export const SHARE_USERS_SCHEMA = shareRequestSchema('user_ids', {
  user_ids: [2, 3],
  permission_level: 'read',
  send_shared_email: false,
});

export const SHARE_GROUPS_SCHEMA = shareRequestSchema('group_ids', {
  group_ids: [4],
  permission_level: 'manage',
  share_email_body: 'hi',
});

const shareSet = object({
  users: { type: 'array', items: idName },
  groups: { type: 'array', items: idName },
});

/** ShareIndex. */
export const SHARE_INDEX_SCHEMA: SchemaObject = {
  ...object({
    readers: shareSet,
    writers: shareSet,
    owners: { ...shareSet, description: 'The owner (creator), then every manage share.' },
    totalUserShares: int('Users over the three sets.'),
    totalGroupShares: int('Groups over the three sets.'),
  }),
  example: {
    readers: { users: [{ id: 2, name: 'Ada Lovelace' }], groups: [] },
    writers: { users: [], groups: [] },
    owners: { users: [{ id: 1, name: 'Grace Hopper' }], groups: [{ id: 4, name: 'Admins' }] },
    totalUserShares: 2,
    totalGroupShares: 1,
  },
};

/** GroupChildren. */
export const GROUP_CHILDREN_SCHEMA: SchemaObject = {
  ...object({
    manageable: { type: 'array', items: idName },
    writeable: { type: 'array', items: idName },
    readable: { type: 'array', items: idName },
  }),
  example: {
    manageable: [{ id: 2658, name: 'Group 18' }],
    writeable: [{ id: 2664, name: 'Group 19' }],
    readable: [{ id: 2670, name: 'Group 20' }],
  },
};

/** `{"error", "errorDescription", "code"}`. */
export function civisErrorSchema(error: string, code: number, description: string): SchemaObject {
  return {
    ...object({
      error: { type: 'string' },
      errorDescription: { type: 'string' },
      code: { type: 'integer' },
    }),
    example: { error, errorDescription: description, code },
  };
}

export const PAGINATION_HEADERS = {
  'X-Pagination-Per-Page': { description: 'The limit used.', schema: { type: 'integer' } },
  'X-Pagination-Current-Page': { description: 'The page returned.', schema: { type: 'integer' } },
  'X-Pagination-Total-Pages': {
    description: 'ceil(entries / per page); 0 when nothing matches.',
    schema: { type: 'integer' },
  },
  'X-Pagination-Total-Entries': { description: 'Matching groups.', schema: { type: 'integer' } },
  'Access-Control-Expose-Headers': {
    description: 'Lists the four X-Pagination headers.',
    schema: { type: 'string' },
  },
};
