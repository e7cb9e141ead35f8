/** URNs, attribute names and the discovery documents (RFC 7643 §5–8, RFC 7644 §4). */

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/** A list page holds at most this many resources (advertised as filter.maxResults). */
export const MAX_RESULTS = 200;

type AttributeType = 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';

interface Attribute {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'default' | 'never' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  subAttributes?: Attribute[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

function attr(
  name: string,
  description: string,
  options: Partial<Omit<Attribute, 'name' | 'description'>> = {},
): Attribute {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

function complex(name: string, description: string, subAttributes: Attribute[], multi = false) {
  return attr(name, description, { type: 'complex', multiValued: multi, subAttributes });
}

const MULTI_VALUE_SUB = [
  attr('value', 'The value'),
  attr('display', 'A human-readable name', { mutability: 'readOnly' }),
  attr('type', 'A label for the value'),
  attr('primary', 'The preferred value', { type: 'boolean' }),
];

const USER_ATTRIBUTES: Attribute[] = [
  attr('userName', 'Unique identifier for the User, used to sign in', {
    required: true,
    uniqueness: 'server',
  }),
  complex('name', "The components of the user's name", [
    attr('formatted', 'The full name'),
    attr('familyName', 'The family name'),
    attr('givenName', 'The given name'),
    attr('middleName', 'The middle name'),
    attr('honorificPrefix', 'The honorific prefix'),
    attr('honorificSuffix', 'The honorific suffix'),
  ]),
  attr('displayName', 'The name of the User, suitable for display'),
  attr('nickName', 'The casual way to address the user'),
  attr('profileUrl', "A URL of the user's online profile", {
    type: 'reference',
    referenceTypes: ['external'],
  }),
  attr('title', "The user's title"),
  attr('userType', 'The relationship to the organization'),
  attr('preferredLanguage', 'The preferred written or spoken language'),
  attr('locale', 'The default location for localizing'),
  attr('timezone', 'The time zone, in IANA format'),
  attr('active', 'Whether the user may sign in', { type: 'boolean' }),
  complex(
    'emails',
    "E-mail addresses; the primary one is the user's address in every API",
    MULTI_VALUE_SUB,
    true,
  ),
  complex('phoneNumbers', 'Phone numbers', MULTI_VALUE_SUB, true),
  complex('ims', 'Instant messaging addresses', MULTI_VALUE_SUB, true),
  complex('photos', 'URLs of photos', MULTI_VALUE_SUB, true),
  complex(
    'addresses',
    'Physical mailing addresses',
    [
      attr('formatted', 'The full mailing address'),
      attr('streetAddress', 'The street address'),
      attr('locality', 'The city or locality'),
      attr('region', 'The state or region'),
      attr('postalCode', 'The postal code'),
      attr('country', 'The country'),
      attr('type', 'A label'),
      attr('primary', 'The preferred address', { type: 'boolean' }),
    ],
    true,
  ),
  complex('entitlements', 'Entitlements', MULTI_VALUE_SUB, true),
  complex('roles', 'Roles', MULTI_VALUE_SUB, true),
  complex('x509Certificates', 'Certificates', MULTI_VALUE_SUB, true),
];

const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  attr('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person'),
  attr('costCenter', 'Identifies the name of a cost center'),
  attr('organization', 'Identifies the name of an organization'),
  attr('division', 'Identifies the name of a division'),
  attr('department', 'Identifies the name of a department'),
  complex('manager', "The user's manager", [
    attr('value', 'The id of the manager'),
    attr('$ref', 'The URI of the manager', { type: 'reference', referenceTypes: ['User'] }),
    attr('displayName', "The manager's display name", { mutability: 'readOnly' }),
  ]),
];

const GROUP_ATTRIBUTES: Attribute[] = [
  attr('displayName', 'The name of the Group (unique, case-insensitively)', {
    required: true,
    uniqueness: 'server',
  }),
  complex(
    'members',
    'Direct members: users and nested groups',
    [
      attr('value', 'The id of the member', { mutability: 'immutable' }),
      attr('$ref', 'The URI of the member', {
        type: 'reference',
        referenceTypes: ['User', 'Group'],
        mutability: 'immutable',
      }),
      attr('display', "The member's display name", { mutability: 'readOnly' }),
      attr('type', 'User or Group', {
        mutability: 'immutable',
        canonicalValues: ['User', 'Group'],
      }),
    ],
    true,
  ),
];

function schema(
  id: string,
  name: string,
  description: string,
  attributes: Attribute[],
  base: string,
) {
  return {
    schemas: [SCHEMA],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
  };
}

export function schemaDocuments(base: string) {
  return [
    schema(CORE_USER, 'User', 'User Account', USER_ATTRIBUTES, base),
    schema(ENTERPRISE_USER, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES, base),
    schema(CORE_GROUP, 'Group', 'Group', GROUP_ATTRIBUTES, base),
  ];
}

export function resourceTypeDocuments(base: string) {
  return [
    {
      schemas: [RESOURCE_TYPE],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: CORE_USER,
      schemaExtensions: [{ schema: ENTERPRISE_USER, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: CORE_GROUP,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG],
    documentationUri: 'https://github.com/groupbridge/groupbridge/blob/main/docs/scim.md',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description:
          'A Groupbridge API token of a system administrator or of a user with the provisioning role',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

/** Canonical spelling of every attribute name a client may send, by its lower-case form. */
function canonicalNames(attributes: Attribute[], into = new Map<string, string>()) {
  for (const a of attributes) {
    into.set(a.name.toLowerCase(), a.name);
    if (a.subAttributes) canonicalNames(a.subAttributes, into);
  }
  return into;
}

export const CANONICAL_NAMES: ReadonlyMap<string, string> = canonicalNames(
  [...USER_ATTRIBUTES, ...ENTERPRISE_ATTRIBUTES, ...GROUP_ATTRIBUTES],
  new Map([
    ['schemas', 'schemas'],
    ['id', 'id'],
    ['externalid', 'externalId'],
    ['meta', 'meta'],
    ['created', 'created'],
    ['lastmodified', 'lastModified'],
    ['resourcetype', 'resourceType'],
    ['location', 'location'],
    ['version', 'version'],
  ]),
);

/** Top-level User attributes stored as given (the rest of the resource maps onto the domain). */
export const KEPT_USER_ATTRIBUTES = [
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
] as const;

export const KEPT_NAME_PARTS = ['formatted', 'middleName', 'honorificPrefix', 'honorificSuffix'];
