import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
} from '@nestjs/swagger';
import { CsgroupsMethod } from './usos-mapper.service';

interface ParamDoc {
  name: string;
  required?: boolean;
  description: string;
}

const FORMAT: ParamDoc[] = [
  {
    name: 'format',
    description:
      'json (default), jsonp, xmlmap2, or the deprecated xmlmap and xmlitems (booleans as integers). Errors are always JSON.',
  },
  { name: 'callback', description: 'JavaScript function name; required with format=jsonp.' },
];
const STRICT: ParamDoc = {
  name: 'strict',
  description:
    'true (default): an unknown id in primary_group_ids, custom_group_ids or user_ids is object_not_found; false: such ids are silently dropped.',
};
const FIELDS_PRIMARY: ParamDoc = {
  name: 'fields',
  description: 'Field selector, primary fields only (id|name). Default id|name.',
};

const DOCS: Record<CsgroupsMethod, { summary: string; example: unknown; params: ParamDoc[] }> = {
  create: {
    summary: 'Create a custom group',
    example: { custom_group_id: '13' },
    params: [
      { name: 'name', required: true, description: 'Name of the group, at most 100 characters.' },
      { name: 'primary_group_ids', description: 'Pipe-separated primary (federated) group ids.' },
      { name: 'custom_group_ids', description: 'Pipe-separated custom group ids to nest.' },
      { name: 'user_ids', description: 'Pipe-separated user ids.' },
      { name: 'emails', description: 'Pipe-separated individual e-mail addresses.' },
      STRICT,
    ],
  },
  custom_group: {
    summary: 'Get information on a given custom group',
    example: {
      id: '13',
      name: 'Seminar',
      users: [{ id: '42', first_name: 'Jan', last_name: 'Kowalski' }],
      emails: ['x@example.com'],
      custom_groups: [{ id: '7', name: 'Old' }],
      primary_groups: [{ id: '5', name: { pl: 'Students', en: 'Students' } }],
    },
    params: [
      { name: 'custom_group_id', required: true, description: 'Custom group id.' },
      {
        name: 'fields',
        description:
          'Field selector, default id|name. Primary: id, name. Secondary: users[id|first_name|last_name|email], emails, custom_groups[id|name], primary_groups[id|name].',
      },
    ],
  },
  custom_groups: {
    summary: 'Get information on multiple custom groups',
    example: { '13': { id: '13', name: 'Seminar' }, '999': null },
    params: [
      { name: 'custom_group_ids', required: true, description: 'Pipe-separated custom group ids.' },
      FIELDS_PRIMARY,
    ],
  },
  delete: {
    summary: 'Delete custom groups',
    example: { matched: ['13'] },
    params: [
      {
        name: 'custom_group_ids',
        required: true,
        description: 'Pipe-separated custom group ids; unknown ones are ignored.',
      },
    ],
  },
  update: {
    summary: 'Update a custom group',
    example: {},
    params: [
      { name: 'custom_group_id', required: true, description: 'Custom group id.' },
      { name: 'name', description: 'New name (absent: unchanged).' },
      {
        name: 'primary_group_ids',
        description: 'Replaces the nested primary groups (absent: unchanged).',
      },
      {
        name: 'custom_group_ids',
        description: 'Replaces the nested custom groups (absent: unchanged).',
      },
      { name: 'user_ids', description: 'Replaces the members (absent: unchanged).' },
      { name: 'emails', description: 'Replaces the e-mail members (absent: unchanged).' },
      STRICT,
    ],
  },
  user: {
    summary: "Get the acting user's custom groups (those the token's user created)",
    example: [{ id: '13', name: 'Seminar' }],
    params: [FIELDS_PRIMARY],
  },
};

const AUTH =
  'USOS API 6.1.2 rules: an administrative OAuth 1.0a consumer and an access token (HMAC-SHA1 or PLAINTEXT; ' +
  'oauth_* parameters in the Authorization header, the form body or the query string; PLAINTEXT only over TLS). ' +
  'GET and POST (application/x-www-form-urlencoded; any other body, multipart included, is refused with 415 ' +
  'because the signature does not cover it) are equivalent; unknown parameters are ignored.';

/** OpenAPI for one csgroups method, as GET (query) or POST (form). */
export function UsosMethodDocs(method: CsgroupsMethod, verb: 'GET' | 'POST') {
  const doc = DOCS[method];
  const params = [...doc.params, ...FORMAT];
  const input =
    verb === 'GET'
      ? params.map((p) =>
          ApiQuery({
            name: p.name,
            required: p.required ?? false,
            description: p.description,
            type: String,
          }),
        )
      : [
          ApiConsumes('application/x-www-form-urlencoded'),
          ApiBody({
            schema: {
              type: 'object',
              required: params.filter((p) => p.required).map((p) => p.name),
              properties: Object.fromEntries(
                params.map((p) => [p.name, { type: 'string', description: p.description }]),
              ),
            },
          }),
        ];
  return applyDecorators(
    ApiOperation({
      summary: `services/csgroups/${method}: ${doc.summary}`,
      description: AUTH,
      operationId: `usosCsgroups_${method}_${verb.toLowerCase()}`,
    }),
    ...input,
    ApiProduces('application/json', 'application/javascript', 'text/xml'),
    ApiResponse({
      status: 200,
      description: 'Success (json shown).',
      schema: { example: doc.example },
    }),
    ApiResponse({
      status: 400,
      description: 'param_missing, param_invalid, field_not_found, field_invalid, object_not_found',
      schema: {
        example: {
          message: 'Required parameter name is missing.',
          error: 'param_missing',
          param_name: 'name',
        },
      },
    }),
    ApiResponse({
      status: 401,
      description: 'Bad signature, unknown consumer or token, stale timestamp, used nonce.',
    }),
    ApiResponse({
      status: 403,
      description: 'method_forbidden: consumer_missing, user_missing, trusted_required.',
      schema: {
        example: {
          message: 'This method requires an administrative consumer key.',
          error: 'method_forbidden',
          reason: 'trusted_required',
        },
      },
    }),
  );
}
