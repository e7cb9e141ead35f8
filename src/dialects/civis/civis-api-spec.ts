/**
 * The `/groups` part of the Civis Platform API spec (Swagger 2.0) that civis-python ships
 * (src/civis/resources/civis_api_spec.json at commit 58d3f2a, civis-python 2.9.1): every
 * `/groups` path and the definitions they reference, the recorded x-examples left out.
 *
 * Served at `GET /endpoints`, where `civis.APIClient()` downloads its spec unless it is given
 * `local_api_spec`; the client builds `client.groups` from it.
 *
 * Copyright (c) 2016, Civis Analytics. All rights reserved. Redistributed under the 3-clause BSD
 * licence of civis-python: redistributions must retain this notice; the name of the copyright
 * holder may not be used to endorse derived products; THE SPEC IS PROVIDED "AS IS", WITHOUT ANY
 * EXPRESS OR IMPLIED WARRANTY (full text: https://github.com/civisanalytics/civis-python/blob/main/LICENSE.md).
 */
export const CIVIS_API_SPEC = {
  swagger: '2.0',
  info: {
    title: 'Civis Analytics API',
    version: '1',
  },
  host: 'api.civisanalytics.com',
  schemes: ['https'],
  produces: ['application/json'],
  paths: {
    '/groups/': {
      get: {
        summary: 'List Groups',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'query',
            in: 'query',
            required: false,
            description: 'If specified, it will filter the groups returned.',
            type: 'string',
          },
          {
            name: 'permission',
            in: 'query',
            required: false,
            description:
              'A permissions string, one of "read", "write", or "manage". Lists only groups for which the current user has that permission.',
            type: 'string',
          },
          {
            name: 'include_members',
            in: 'query',
            required: false,
            description: 'Show members of the group.',
            type: 'boolean',
          },
          {
            name: 'organization_id',
            in: 'query',
            required: false,
            description: 'The organization by which to filter groups.',
            type: 'integer',
          },
          {
            name: 'user_ids',
            in: 'query',
            required: false,
            description:
              'A list of user IDs to filter groups by.Groups will be returned if any of the users is a member',
            type: 'array',
            items: {
              type: 'integer',
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'Number of results to return. Defaults to 50. Maximum allowed is 1000.',
            type: 'integer',
          },
          {
            name: 'page_num',
            in: 'query',
            required: false,
            description: 'Page number of the results to return. Defaults to the first page, 1.',
            type: 'integer',
          },
          {
            name: 'order',
            in: 'query',
            required: false,
            description:
              'The field on which to order the result set. Defaults to name. Must be one of: name, created_at.',
            type: 'string',
          },
          {
            name: 'order_dir',
            in: 'query',
            required: false,
            description:
              'Direction in which to sort, either asc (ascending) or desc (descending) defaulting to asc.',
            type: 'string',
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              type: 'array',
              items: {
                $ref: '#/definitions/GroupSummary',
              },
            },
          },
        },
        'x-deprecation-warning': null,
      },
      post: {
        summary: 'Create a Group',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'GroupCreateRequest',
            in: 'body',
            schema: {
              $ref: '#/definitions/GroupCreateRequest',
            },
            required: true,
          },
        ],
        responses: {
          '201': {
            description: 'success',
            schema: {
              $ref: '#/definitions/Group',
            },
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}': {
      get: {
        summary: 'Get a Group',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            type: 'integer',
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              $ref: '#/definitions/Group',
            },
          },
        },
        'x-deprecation-warning': null,
      },
      put: {
        summary: 'Replace all attributes of this Group',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of this group.',
            type: 'integer',
          },
          {
            name: 'GroupUpdateRequest',
            in: 'body',
            schema: {
              $ref: '#/definitions/GroupUpdateRequest',
            },
            required: true,
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              $ref: '#/definitions/Group',
            },
          },
        },
        'x-deprecation-warning': null,
      },
      patch: {
        summary: 'Update some attributes of this Group',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of this group.',
            type: 'integer',
          },
          {
            name: 'GroupPatchRequest',
            in: 'body',
            schema: {
              $ref: '#/definitions/GroupPatchRequest',
            },
            required: false,
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              $ref: '#/definitions/Group',
            },
          },
        },
        'x-deprecation-warning': null,
      },
      delete: {
        summary: 'Delete a Group (deprecated)',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            type: 'integer',
          },
        ],
        responses: {
          '204': {
            description: 'success',
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}/shares': {
      get: {
        summary: 'List users and groups permissioned on this object',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of the resource that is shared.',
            type: 'integer',
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              type: 'array',
              items: {
                $ref: '#/definitions/ShareIndex',
              },
            },
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}/shares/users': {
      put: {
        summary: 'Set the permissions users have on this object',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of the resource that is shared.',
            type: 'integer',
          },
          {
            name: 'ShareUsersUpdateRequest8',
            in: 'body',
            schema: {
              $ref: '#/definitions/ShareUsersUpdateRequest8',
            },
            required: true,
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              $ref: '#/definitions/ShareIndex',
            },
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}/shares/users/{user_id}': {
      delete: {
        summary: 'Revoke the permissions a user has on this object',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of the resource that is shared.',
            type: 'integer',
          },
          {
            name: 'user_id',
            in: 'path',
            required: true,
            description: 'The ID of the user.',
            type: 'integer',
          },
        ],
        responses: {
          '204': {
            description: 'success',
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}/shares/groups': {
      put: {
        summary: 'Set the permissions groups has on this object',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of the resource that is shared.',
            type: 'integer',
          },
          {
            name: 'ShareGroupsUpdateRequest8',
            in: 'body',
            schema: {
              $ref: '#/definitions/ShareGroupsUpdateRequest8',
            },
            required: true,
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              $ref: '#/definitions/ShareIndex',
            },
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}/shares/groups/{group_id}': {
      delete: {
        summary: 'Revoke the permissions a group has on this object',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of the resource that is shared.',
            type: 'integer',
          },
          {
            name: 'group_id',
            in: 'path',
            required: true,
            description: 'The ID of the group.',
            type: 'integer',
          },
        ],
        responses: {
          '204': {
            description: 'success',
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}/members/{user_id}': {
      put: {
        summary: 'Add a user to a group',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of the group.',
            type: 'integer',
          },
          {
            name: 'user_id',
            in: 'path',
            required: true,
            description: 'The ID of the user.',
            type: 'integer',
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              $ref: '#/definitions/Group',
            },
          },
        },
        'x-deprecation-warning': null,
      },
      delete: {
        summary: 'Remove a user from a group',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of the group.',
            type: 'integer',
          },
          {
            name: 'user_id',
            in: 'path',
            required: true,
            description: 'The ID of the user.',
            type: 'integer',
          },
        ],
        responses: {
          '204': {
            description: 'success',
          },
        },
        'x-deprecation-warning': null,
      },
    },
    '/groups/{id}/child_groups': {
      get: {
        summary: 'Get child groups of this group',
        description: null,
        deprecated: false,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The ID of this group.',
            type: 'integer',
          },
        ],
        responses: {
          '200': {
            description: 'success',
            schema: {
              $ref: '#/definitions/GroupChildren',
            },
          },
        },
        'x-deprecation-warning': null,
      },
    },
  },
  definitions: {
    GroupSummary: {
      type: 'object',
      properties: {
        id: {
          description: 'The ID of this group.',
          type: 'integer',
        },
        name: {
          description: "This group's name.",
          type: 'string',
        },
        createdAt: {
          description: 'The date and time when this group was created.',
          type: 'string',
          format: 'time',
        },
        updatedAt: {
          description: 'The date and time when this group was last updated.',
          type: 'string',
          format: 'time',
        },
        description: {
          description: 'The description of the group.',
          type: 'string',
        },
        slug: {
          description: 'The slug for this group.',
          type: 'string',
        },
        organizationId: {
          description: 'The ID of the organization this group belongs to.',
          type: 'integer',
        },
        organizationName: {
          description: 'The name of the organization this group belongs to.',
          type: 'string',
        },
        memberCount: {
          description: 'The number of active members in this group.',
          type: 'integer',
        },
        totalMemberCount: {
          description: 'The total number of members in this group.',
          type: 'integer',
        },
        lastUpdatedById: {
          description: 'The ID of the user who last updated this group.',
          type: 'integer',
        },
        createdById: {
          description: 'The ID of the user who created this group.',
          type: 'integer',
        },
        members: {
          description: 'The members of this group.',
          type: 'array',
          items: {
            $ref: '#/definitions/UserSimpleUser',
          },
        },
      },
      required: [
        'id',
        'name',
        'createdAt',
        'updatedAt',
        'description',
        'slug',
        'organizationId',
        'organizationName',
        'memberCount',
        'totalMemberCount',
        'lastUpdatedById',
        'createdById',
        'members',
      ],
    },
    UserSimpleUser: {
      type: 'object',
      properties: {
        id: {
          description: 'The ID of this user.',
          type: 'integer',
        },
        name: {
          description: "This user's name.",
          type: 'string',
        },
        username: {
          description: "This user's username.",
          type: 'string',
        },
        initials: {
          description: "This user's initials.",
          type: 'string',
        },
        online: {
          description: 'Whether this user is online.',
          type: 'boolean',
        },
      },
      required: ['id', 'name', 'username', 'initials', 'online'],
    },
    GroupCreateRequest: {
      type: 'object',
      properties: {
        name: {
          description: "This group's name.",
          type: 'string',
        },
        description: {
          description: 'The description of the group.',
          type: 'string',
        },
        slug: {
          description: 'The slug for this group.',
          type: 'string',
        },
        organizationId: {
          description: 'The ID of the organization this group belongs to.',
          type: 'integer',
        },
        defaultOtpRequiredForLogin: {
          description: 'The two factor authentication requirement for this group.',
          type: 'boolean',
        },
        roleIds: {
          description: 'An array of ids of all the roles this group has.',
          type: 'array',
          items: {
            type: 'integer',
          },
        },
        defaultTimeZone: {
          description: 'The default time zone of this group.',
          type: 'string',
        },
        defaultJobsLabel: {
          description: 'The default partition label for jobs of this group.',
          type: 'string',
        },
        defaultNotebooksLabel: {
          description: 'The default partition label for notebooks of this group.',
          type: 'string',
        },
        defaultServicesLabel: {
          description: 'The default partition label for services of this group.',
          type: 'string',
        },
      },
      required: ['name'],
    },
    Group: {
      type: 'object',
      properties: {
        id: {
          description: 'The ID of this group.',
          type: 'integer',
        },
        name: {
          description: "This group's name.",
          type: 'string',
        },
        createdAt: {
          description: 'The date and time when this group was created.',
          type: 'string',
          format: 'time',
        },
        updatedAt: {
          description: 'The date and time when this group was last updated.',
          type: 'string',
          format: 'time',
        },
        description: {
          description: 'The description of the group.',
          type: 'string',
        },
        slug: {
          description: 'The slug for this group.',
          type: 'string',
        },
        organizationId: {
          description: 'The ID of the organization this group belongs to.',
          type: 'integer',
        },
        organizationName: {
          description: 'The name of the organization this group belongs to.',
          type: 'string',
        },
        memberCount: {
          description: 'The number of active members in this group.',
          type: 'integer',
        },
        totalMemberCount: {
          description: 'The total number of members in this group.',
          type: 'integer',
        },
        defaultOtpRequiredForLogin: {
          description: 'The two factor authentication requirement for this group.',
          type: 'boolean',
        },
        roleIds: {
          description: 'An array of ids of all the roles this group has.',
          type: 'array',
          items: {
            type: 'integer',
          },
        },
        defaultTimeZone: {
          description: 'The default time zone of this group.',
          type: 'string',
        },
        defaultJobsLabel: {
          description: 'The default partition label for jobs of this group.',
          type: 'string',
        },
        defaultNotebooksLabel: {
          description: 'The default partition label for notebooks of this group.',
          type: 'string',
        },
        defaultServicesLabel: {
          description: 'The default partition label for services of this group.',
          type: 'string',
        },
        lastUpdatedById: {
          description: 'The ID of the user who last updated this group.',
          type: 'integer',
        },
        createdById: {
          description: 'The ID of the user who created this group.',
          type: 'integer',
        },
        members: {
          description: 'The members of this group.',
          type: 'array',
          items: {
            $ref: '#/definitions/UserSimpleUserWithManagementDetails',
          },
        },
      },
      required: [
        'id',
        'name',
        'createdAt',
        'updatedAt',
        'description',
        'slug',
        'organizationId',
        'organizationName',
        'memberCount',
        'totalMemberCount',
        'defaultOtpRequiredForLogin',
        'roleIds',
        'defaultTimeZone',
        'defaultJobsLabel',
        'defaultNotebooksLabel',
        'defaultServicesLabel',
        'lastUpdatedById',
        'createdById',
        'members',
      ],
    },
    UserSimpleUserWithManagementDetails: {
      type: 'object',
      properties: {
        id: {
          description: 'The ID of this user.',
          type: 'integer',
        },
        name: {
          description: "This user's name.",
          type: 'string',
        },
        username: {
          description: "This user's username.",
          type: 'string',
        },
        initials: {
          description: "This user's initials.",
          type: 'string',
        },
        online: {
          description: 'Whether this user is online.',
          type: 'boolean',
        },
        email: {
          description: "This user's email address.",
          type: 'string',
        },
        primaryGroupId: {
          description: 'The ID of the primary group of this user.',
          type: 'integer',
        },
        active: {
          description: 'Whether this user account is active or deactivated.',
          type: 'boolean',
        },
      },
      required: [
        'id',
        'name',
        'username',
        'initials',
        'online',
        'email',
        'primaryGroupId',
        'active',
      ],
    },
    GroupUpdateRequest: {
      type: 'object',
      properties: {
        name: {
          description: "This group's name.",
          type: 'string',
        },
        description: {
          description: 'The description of the group.',
          type: 'string',
        },
        slug: {
          description: 'The slug for this group.',
          type: 'string',
        },
        organizationId: {
          description: 'The ID of the organization this group belongs to.',
          type: 'integer',
        },
        defaultOtpRequiredForLogin: {
          description: 'The two factor authentication requirement for this group.',
          type: 'boolean',
        },
        roleIds: {
          description: 'An array of ids of all the roles this group has.',
          type: 'array',
          items: {
            type: 'integer',
          },
        },
        defaultTimeZone: {
          description: 'The default time zone of this group.',
          type: 'string',
        },
        defaultJobsLabel: {
          description: 'The default partition label for jobs of this group.',
          type: 'string',
        },
        defaultNotebooksLabel: {
          description: 'The default partition label for notebooks of this group.',
          type: 'string',
        },
        defaultServicesLabel: {
          description: 'The default partition label for services of this group.',
          type: 'string',
        },
      },
      required: ['name'],
    },
    GroupPatchRequest: {
      type: 'object',
      properties: {
        name: {
          description: "This group's name.",
          type: 'string',
        },
        description: {
          description: 'The description of the group.',
          type: 'string',
        },
        slug: {
          description: 'The slug for this group.',
          type: 'string',
        },
        organizationId: {
          description: 'The ID of the organization this group belongs to.',
          type: 'integer',
        },
        defaultOtpRequiredForLogin: {
          description: 'The two factor authentication requirement for this group.',
          type: 'boolean',
        },
        roleIds: {
          description: 'An array of ids of all the roles this group has.',
          type: 'array',
          items: {
            type: 'integer',
          },
        },
        defaultTimeZone: {
          description: 'The default time zone of this group.',
          type: 'string',
        },
        defaultJobsLabel: {
          description: 'The default partition label for jobs of this group.',
          type: 'string',
        },
        defaultNotebooksLabel: {
          description: 'The default partition label for notebooks of this group.',
          type: 'string',
        },
        defaultServicesLabel: {
          description: 'The default partition label for services of this group.',
          type: 'string',
        },
      },
    },
    ShareIndex: {
      type: 'object',
      properties: {
        readers: {
          $ref: '#/definitions/ShareUserSetSummary',
        },
        writers: {
          $ref: '#/definitions/ShareUserSetSummary',
        },
        owners: {
          $ref: '#/definitions/ShareUserSetSummary',
        },
        totalUserShares: {
          description:
            'For owners, the number of total users shared. For writers and readers, the number of visible users shared.',
          type: 'integer',
        },
        totalGroupShares: {
          description:
            'For owners, the number of total groups shared. For writers and readers, the number of visible groups shared.',
          type: 'integer',
        },
      },
      required: ['readers', 'writers', 'owners', 'totalUserShares', 'totalGroupShares'],
    },
    ShareUserSetSummary: {
      type: 'object',
      properties: {
        users: {
          type: 'array',
          items: {
            $ref: '#/definitions/ShareUserSummary',
          },
        },
        groups: {
          type: 'array',
          items: {
            $ref: '#/definitions/ShareGroupSummary',
          },
        },
      },
      required: ['users', 'groups'],
    },
    ShareUserSummary: {
      type: 'object',
      properties: {
        id: {
          type: 'integer',
        },
        name: {
          type: 'string',
        },
      },
      required: ['id', 'name'],
    },
    ShareGroupSummary: {
      type: 'object',
      properties: {
        id: {
          type: 'integer',
        },
        name: {
          type: 'string',
        },
      },
      required: ['id', 'name'],
    },
    ShareUsersUpdateRequest8: {
      type: 'object',
      properties: {
        userIds: {
          description: 'An array of one or more user IDs.',
          type: 'array',
          items: {
            type: 'integer',
          },
        },
        permissionLevel: {
          description: 'Options are: "read", "write", or "manage".',
          type: 'string',
        },
        shareEmailBody: {
          description: 'Custom body text for e-mail sent on a share.',
          type: 'string',
        },
        sendSharedEmail: {
          description: 'Send email to the recipients of a share.',
          type: 'boolean',
        },
      },
      required: ['userIds', 'permissionLevel'],
    },
    ShareGroupsUpdateRequest8: {
      type: 'object',
      properties: {
        groupIds: {
          description: 'An array of one or more group IDs.',
          type: 'array',
          items: {
            type: 'integer',
          },
        },
        permissionLevel: {
          description: 'Options are: "read", "write", or "manage".',
          type: 'string',
        },
        shareEmailBody: {
          description: 'Custom body text for e-mail sent on a share.',
          type: 'string',
        },
        sendSharedEmail: {
          description: 'Send email to the recipients of a share.',
          type: 'boolean',
        },
      },
      required: ['groupIds', 'permissionLevel'],
    },
    GroupChildren: {
      type: 'object',
      properties: {
        manageable: {
          type: 'array',
          items: {
            $ref: '#/definitions/GroupSimpleGroup',
          },
        },
        writeable: {
          type: 'array',
          items: {
            $ref: '#/definitions/GroupSimpleGroup',
          },
        },
        readable: {
          type: 'array',
          items: {
            $ref: '#/definitions/GroupSimpleGroup',
          },
        },
      },
      required: ['manageable', 'writeable', 'readable'],
    },
    GroupSimpleGroup: {
      type: 'object',
      properties: {
        id: {
          type: 'integer',
        },
        name: {
          type: 'string',
        },
      },
      required: ['id', 'name'],
    },
  },
  securityDefinitions: {
    api_key: {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
    },
  },
  security: [
    {
      api_key: [],
    },
  ],
};
