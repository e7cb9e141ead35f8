import { AccessLevel, isAccessLevel } from '../../domain/access-level';
import { CreateGroupInput, UpdateGroupInput } from '../../domain/groups.service';
import { CivisRequestError } from './civis-errors';

/** A JSON body or a query string, keyed by wire names. */
export type CivisInput = Record<string, unknown>;

/** Ids are PostgreSQL `integer`s: anything larger is refused before it reaches SQL. */
export const MAX_CIVIS_ID = 2_147_483_647;

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The request body as an object. civis-python sends `{}` on GET/DELETE and the recorded requests
 * send nothing at all; both mean "no fields".
 */
export function bodyObject(body: unknown): CivisInput {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new CivisRequestError('body', 'must be a JSON object');
  }
  return body as CivisInput;
}

/**
 * The keys a field may arrive under, built once per name: names are this dialect's own constants,
 * and building them per lookup was most of the cost of reading a list's ten query parameters.
 */
const WIRE_KEYS = new Map<string, readonly string[]>();

function wireKeys(name: string): readonly string[] {
  let keys = WIRE_KEYS.get(name);
  if (!keys) {
    const camel = camelCase(name);
    keys = [name, `${name}[]`, camel, `${camel}[]`];
    WIRE_KEYS.set(name, keys);
  }
  return keys;
}

/**
 * A field by its snake_case wire name, its camelCase alias (the real API accepts both) or their
 * Rails array forms `name[]` (Express's simple query parser keeps the brackets in the key).
 */
function lookup(input: CivisInput, name: string): { present: boolean; value: unknown } {
  for (const key of wireKeys(name)) {
    if (Object.prototype.hasOwnProperty.call(input, key))
      return { present: true, value: input[key] };
  }
  return { present: false, value: undefined };
}

interface FieldOptions {
  /** `null` is a value (clears the attribute) instead of an error. */
  nullable?: boolean;
}

/** undefined when absent; null when sent as null and allowed; else `parse(value)`. */
function field<T>(
  input: CivisInput,
  name: string,
  opts: FieldOptions,
  parse: (value: unknown) => T | undefined,
  expected: string,
): T | null | undefined {
  const { present, value } = lookup(input, name);
  if (!present) return undefined;
  if (value === null) {
    if (opts.nullable) return null;
    throw new CivisRequestError(name, 'must not be null');
  }
  const parsed = parse(value);
  if (parsed === undefined) throw new CivisRequestError(name, `must be ${expected}`);
  return parsed;
}

function asInt(value: unknown, min: number, max: number): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

export function stringField(input: CivisInput, name: string, opts: FieldOptions = {}) {
  const value = field(
    input,
    name,
    opts,
    (v) => (typeof v === 'string' ? v : undefined),
    'a string',
  );
  // NUL cannot be stored in PostgreSQL text: refused here rather than failing in SQL.
  if (value?.includes('\u0000'))
    throw new CivisRequestError(name, 'must not contain NUL characters');
  return value;
}

export function intField(
  input: CivisInput,
  name: string,
  opts: FieldOptions & { min?: number; max?: number } = {},
) {
  const min = opts.min ?? 1;
  const max = opts.max ?? MAX_CIVIS_ID;
  return field(
    input,
    name,
    opts,
    (v) => asInt(v, min, max),
    `an integer between ${min} and ${max}`,
  );
}

/** JSON booleans, and query-string booleans as Python prints them (`True`/`False`) or lower-case. */
export function booleanField(input: CivisInput, name: string, opts: FieldOptions = {}) {
  return field(
    input,
    name,
    opts,
    (v) => {
      if (typeof v === 'boolean') return v;
      if (typeof v !== 'string') return undefined;
      const lower = v.trim().toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : undefined;
    },
    'true or false',
  );
}

/** Longer lists would exceed the engines' bound-parameter limits. */
export const MAX_CIVIS_IDS = 1000;

/** A JSON array of ids, or `x[]=1&x[]=2` / a single `x[]=1` in a query string. */
export function idListField(input: CivisInput, name: string, opts: FieldOptions = {}) {
  return field(
    input,
    name,
    opts,
    (v) => {
      const items = Array.isArray(v) ? v : [v];
      if (items.length > MAX_CIVIS_IDS) return undefined;
      const ids = items.map((item) => asInt(item, 1, MAX_CIVIS_ID));
      return ids.every((id) => id !== undefined) ? ids : undefined;
    },
    `a list of at most ${MAX_CIVIS_IDS} integers between 1 and ${MAX_CIVIS_ID}`,
  );
}

export function oneOfField<T extends string>(
  input: CivisInput,
  name: string,
  values: readonly T[],
): T | undefined {
  const parsed = field(
    input,
    name,
    {},
    (v) =>
      typeof v === 'string' ? values.find((allowed) => allowed === v.toLowerCase()) : undefined,
    `one of ${values.join(', ')}`,
  );
  return parsed ?? undefined;
}

export function required<T>(value: T | null | undefined, name: string): T {
  if (value === undefined || value === null) throw new CivisRequestError(name, 'is required');
  return value;
}

export function pathId(raw: string, name: string): number {
  const id = asInt(raw, 1, MAX_CIVIS_ID);
  if (id === undefined || !/^\d+$/.test(raw)) {
    throw new CivisRequestError(name, `must be an integer between 1 and ${MAX_CIVIS_ID}`);
  }
  return id;
}

// ----- request bodies -----

/**
 * GroupCreateRequest / GroupUpdateRequest / GroupPatchRequest. `replace` (PUT) sets every absent
 * optional attribute to null; `patch` leaves absent attributes alone and clears those sent as null.
 */
export function groupAttributes(input: CivisInput, mode: 'create'): CreateGroupInput;
export function groupAttributes(input: CivisInput, mode: 'replace' | 'patch'): UpdateGroupInput;
export function groupAttributes(
  input: CivisInput,
  mode: 'create' | 'replace' | 'patch',
): CreateGroupInput | UpdateGroupInput {
  const nullable = { nullable: true };
  const name = stringField(input, 'name');
  const roleIds = idListField(input, 'role_ids', nullable);
  const optional = {
    description: stringField(input, 'description', nullable),
    slug: stringField(input, 'slug', nullable),
    organizationId: intField(input, 'organization_id', nullable),
    defaultOtpRequiredForLogin: booleanField(input, 'default_otp_required_for_login', nullable),
    // The domain stores no role as an empty list.
    roleIds: roleIds === null ? [] : roleIds,
    defaultTimeZone: stringField(input, 'default_time_zone', nullable),
    defaultJobsLabel: stringField(input, 'default_jobs_label', nullable),
    defaultNotebooksLabel: stringField(input, 'default_notebooks_label', nullable),
    defaultServicesLabel: stringField(input, 'default_services_label', nullable),
  };
  if (mode === 'patch') return { ...(name === undefined ? {} : { name: name! }), ...optional };
  const attributes = { name: required(name, 'name'), ...optional };
  if (mode === 'replace') {
    for (const key of Object.keys(optional) as Array<keyof typeof optional>) {
      if (attributes[key] === undefined) Object.assign(attributes, { [key]: null });
    }
    attributes.roleIds ??= [];
  }
  return attributes;
}

/** ShareUsersUpdateRequest8 / ShareGroupsUpdateRequest8. E-mail fields are accepted and ignored. */
export function shareRequest(
  input: CivisInput,
  idsName: 'user_ids' | 'group_ids',
): { ids: number[]; level: AccessLevel } {
  const ids = required(idListField(input, idsName), idsName);
  if (ids.length === 0) throw new CivisRequestError(idsName, 'must contain at least one id');
  const level = required(stringField(input, 'permission_level'), 'permission_level');
  if (!isAccessLevel(level)) {
    throw new CivisRequestError('permission_level', 'must be one of read, write, manage');
  }
  stringField(input, 'share_email_body', { nullable: true });
  booleanField(input, 'send_shared_email', { nullable: true });
  return { ids, level };
}
