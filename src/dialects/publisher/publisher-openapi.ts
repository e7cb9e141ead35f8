import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PUBLISHER_ERRORS, PublisherErrorKey } from './publisher-errors';

/**
 * OpenAPI schemas of the Publisher wire shapes (docs/publisher.md), in their JSON form; the
 * XML form mirrors the keys (`<group>`, `<users><user>`, `<groups><group>`), see docs/publisher.md.
 */

const int = (description: string): SchemaObject => ({ type: 'integer', description });
const str = (description: string): SchemaObject => ({ type: 'string', description });
const date = (description: string): SchemaObject => ({
  type: 'string',
  pattern: '^\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2}:\\d{3}$',
  description: `${description}, \`dd-MM-yyyy HH:mm:ss:SSS\` in UTC`,
  example: '28-05-2018 11:03:00:000',
});

function object(properties: Record<string, SchemaObject>, required = Object.keys(properties)) {
  return { type: 'object', properties, required } satisfies SchemaObject;
}

const GROUP_FIELDS = {
  id: int('The user group id'),
  name: str('The user group name'),
  link: { ...str('Absolute URL of the user group'), format: 'uri' },
  users: { type: 'array', items: int('A user id'), description: 'Direct members, ascending' },
  createddate: date('When the user group was created'),
  modifieddate: date('When the user group was last changed'),
  organisationcount: int('Number of distinct organisations among the members'),
} satisfies Record<string, SchemaObject>;

const { id, name, link, users, createddate, modifieddate, organisationcount } = GROUP_FIELDS;

/** User Group Summary object: POST and PUT answers, default list items. */
export const GROUP_SUMMARY_SCHEMA = object({ group: object({ id, name, link }) });

/** User Group object: GET one and PUT …/users answers. */
export const GROUP_SCHEMA = object({
  group: object({ id, name, users, createddate, modifieddate, organisationcount }),
});

/** List items carry the fields `fields` asked for: the summary by default. */
export const GROUP_LIST_SCHEMA = object({
  total: int('Number of user groups matching the query, over all pages'),
  currentpage: int('floor(offset / limit)'),
  groups: { type: 'array', items: object(GROUP_FIELDS, []) },
});

/** The body of POST (`name` required) and PUT (`name` required, `users` replaces when given). */
export const GROUP_WRITE_SCHEMA = object(
  {
    group: object(
      {
        id: int('PUT only, optional: must equal the id in the path'),
        name: str('1 to 100 characters, unique (case-insensitive)'),
        users: {
          type: 'array',
          items: int('A user id'),
          description: 'Active users; on PUT, replaces the members (absent: members unchanged)',
        },
      },
      ['name'],
    ),
  },
  ['group'],
);

/** The body of PUT …/users. */
export const ADD_USERS_SCHEMA = object({
  group: object({
    users: {
      type: 'array',
      minItems: 1,
      items: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
      description: 'Active users, each by id (a number or a string of digits) or e-mail address',
    },
  }),
});

const ERROR_SCHEMA = object({
  error: object({
    summary: str('What went wrong'),
    ref: int('Stable error code'),
    link: { ...str('`<base>/api/2/error/<request id>`'), format: 'uri' },
  }),
});

/**
 * Documents the errors a route can answer, one response per status listing its refs, taken from
 * PUBLISHER_ERRORS so the documentation cannot drift from what is rendered.
 */
export function PublisherErrorResponses(...keys: PublisherErrorKey[]) {
  const byStatus = new Map<number, string[]>();
  for (const key of ['notAuthorised', ...keys] as const) {
    const { status, ref, summary } = PUBLISHER_ERRORS[key];
    byStatus.set(status, [...(byStatus.get(status) ?? []), `ref ${ref}: ${summary}`]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, lines]) =>
      ApiResponse({ status, description: lines.join('; '), schema: ERROR_SCHEMA }),
    ),
  );
}
