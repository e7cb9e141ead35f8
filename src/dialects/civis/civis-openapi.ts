/** Examples for /docs, taken from the spec's recorded requests and responses. */

export const GROUP_WRITE_EXAMPLE = {
  name: 'New',
  description: null,
  organization_id: 3,
  default_otp_required_for_login: false,
  role_ids: [1],
};

export const GROUP_PATCH_EXAMPLE = { description: 'Wonderful new description' };

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

export const SHARE_USERS_EXAMPLE = {
  user_ids: [2, 3],
  permission_level: 'read',
  send_shared_email: false,
};

export const SHARE_GROUPS_EXAMPLE = {
  group_ids: [4],
  permission_level: 'manage',
  share_email_body: 'hi',
};

export const SHARE_INDEX_EXAMPLE = {
  readers: { users: [{ id: 2, name: 'Ada Lovelace' }], groups: [] },
  writers: { users: [], groups: [] },
  owners: { users: [{ id: 1, name: 'Grace Hopper' }], groups: [{ id: 4, name: 'Admins' }] },
  totalUserShares: 2,
  totalGroupShares: 1,
};
