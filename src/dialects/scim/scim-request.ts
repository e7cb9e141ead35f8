import { Filter, parse as parseFilter } from 'scim2-parse-filter';
import {
  Comparison,
  EmailField,
  EmailFilter,
  FilterValue,
  GroupFilter,
  GroupSortField,
  UserFilter,
  UserSortField,
} from '../../domain/directory-filter';
import {
  DirectoryEmail,
  DirectoryGroupChange,
  DirectoryUserInput,
} from '../../domain/directory-views';
import { DomainError } from '../../domain/domain-error';
import { invalid, ScimRequestError } from './scim-errors';
import {
  CANONICAL_NAMES,
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE_USER,
  KEPT_NAME_PARTS,
  KEPT_USER_ATTRIBUTES,
  MAX_RESULTS,
  PATCH_OP,
} from './scim-schemas';

// ----- ids -----

export type ResourceKind = 'user' | 'group';

const ID_PREFIX: Record<ResourceKind, string> = { user: 'user-', group: 'group-' };

/** SCIM ids are unique across resource types (RFC 7643 §3.1), so each carries its kind. */
export function scimId(kind: ResourceKind, id: number): string {
  return `${ID_PREFIX[kind]}${id}`;
}

function parseId(raw: unknown): { kind: ResourceKind; id: number } | undefined {
  const match = typeof raw === 'string' ? /^(user|group)-([1-9]\d{0,9})$/.exec(raw) : null;
  if (!match || Number(match[2]) > 2_147_483_647) return undefined;
  return { kind: match[1] as ResourceKind, id: Number(match[2]) };
}

/** A path id; one that cannot name a resource of this kind is simply not found. */
export function pathId(raw: string, kind: ResourceKind): number {
  const parsed = parseId(raw);
  if (parsed?.kind !== kind) throw DomainError.notFound(kind, raw, 'id');
  return parsed.id;
}

// ----- attribute names (RFC 7643 §2.1: case-insensitive) -----

const SCHEMA_PREFIXES = [CORE_USER, CORE_GROUP].map((urn) => `${urn.toLowerCase()}:`);

/** Strips a core schema URN and returns the path's canonical segments (extension URN first). */
export function attributePath(raw: string): string[] {
  let path = raw.trim();
  const lower = path.toLowerCase();
  const core = SCHEMA_PREFIXES.find((prefix) => lower.startsWith(prefix));
  if (core) path = path.slice(core.length);
  else if (lower.startsWith(`${ENTERPRISE_USER.toLowerCase()}:`)) {
    return [ENTERPRISE_USER, ...attributePath(path.slice(ENTERPRISE_USER.length + 1))];
  } else if (lower === ENTERPRISE_USER.toLowerCase()) return [ENTERPRISE_USER];
  return path.split('.').map((part) => CANONICAL_NAMES.get(part.toLowerCase()) ?? part);
}

/**
 * Renames every known attribute to its canonical spelling and drops the unknown ones
 * (`"Primary"` → `primary`; a misspelt `adreses` is ignored, RFC 7644 §3.3 lets a server do so).
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key.toLowerCase() === ENTERPRISE_USER.toLowerCase())
      out[ENTERPRISE_USER] = canonical(inner);
    const name = CANONICAL_NAMES.get(key.toLowerCase());
    if (name) out[name] = canonical(inner);
  }
  return out;
}

/** Rewrites the attribute names in a PATCH path (outside quoted strings) to their canonical case. */
export function canonicalPath(path: string): string {
  return path.replace(/"(?:[^"\\]|\\.)*"|urn:[^\s[\]]+|[A-Za-z$][\w$]*/g, (token) => {
    if (token.startsWith('"')) return token;
    if (token.toLowerCase().startsWith(ENTERPRISE_USER.toLowerCase())) {
      return ENTERPRISE_USER + canonicalPath(token.slice(ENTERPRISE_USER.length));
    }
    const core = SCHEMA_PREFIXES.find((prefix) => token.toLowerCase().startsWith(prefix));
    if (core) return canonicalPath(token.slice(core.length));
    return CANONICAL_NAMES.get(token.toLowerCase()) ?? token;
  });
}

// ----- values -----

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw invalid('syntax', `The request body must be a ${what}`);
  return body;
}

function optionalString(value: unknown, param: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(param, `${param} must be a string`);
  return value;
}

/** Booleans; Entra ID has sent "True" / "False" as strings, so those are read too. */
function booleanValue(value: unknown, param: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value))
    return value.toLowerCase() === 'true';
  throw invalid(param, `${param} must be true or false`);
}

function emails(value: unknown): DirectoryEmail[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('emails', 'emails must be an array');
  return value.map((item) => {
    if (!isObject(item)) throw invalid('emails', 'Each of emails must be an object');
    const address = optionalString(item.value, 'emails.value');
    if (!address) throw invalid('emails', 'Each of emails needs a value');
    return {
      value: address,
      type: optionalString(item.type, 'emails.type'),
      primary: booleanValue(item.primary, 'emails.primary', false),
    };
  });
}

/** A User resource (already canonical) → what the directory stores. */
export function userInput(resource: Record<string, unknown>): DirectoryUserInput {
  const userName = resource.userName;
  if (typeof userName !== 'string' || userName === '')
    throw invalid('userName', 'userName is required');
  const name = resource.name === undefined || resource.name === null ? {} : resource.name;
  if (!isObject(name)) throw invalid('name', 'name must be an object');
  const profile: Record<string, unknown> = {};
  for (const key of KEPT_USER_ATTRIBUTES) {
    if (resource[key] !== undefined && resource[key] !== null) profile[key] = resource[key];
  }
  const nameParts = Object.fromEntries(
    KEPT_NAME_PARTS.filter((k) => name[k] !== undefined && name[k] !== null).map((k) => [
      k,
      name[k],
    ]),
  );
  if (Object.keys(nameParts).length > 0) profile.name = nameParts;
  const enterprise = resource[ENTERPRISE_USER];
  if (enterprise !== undefined && enterprise !== null) {
    if (!isObject(enterprise))
      throw invalid(ENTERPRISE_USER, 'The enterprise extension must be an object');
    // Entra ID sends the manager as a bare id.
    const manager = enterprise.manager;
    profile[ENTERPRISE_USER] =
      typeof manager === 'string' ? { ...enterprise, manager: { value: manager } } : enterprise;
  }
  return {
    username: userName,
    externalId: optionalString(resource.externalId, 'externalId'),
    displayName: optionalString(resource.displayName, 'displayName'),
    givenName: optionalString(name.givenName, 'name.givenName') ?? '',
    familyName: optionalString(name.familyName, 'name.familyName') ?? '',
    active: booleanValue(resource.active, 'active', true),
    emails: emails(resource.emails),
    profile: Object.keys(profile).length > 0 ? profile : null,
  };
}

export interface MemberIds {
  userIds: number[];
  groupIds: number[];
}

/** `[{value, type?}]` (or one such object) → user and group ids. */
export function memberIds(value: unknown): MemberIds {
  const items = Array.isArray(value) ? value : [value];
  const result: MemberIds = { userIds: [], groupIds: [] };
  for (const item of items) {
    const raw = isObject(item) ? (item.value ?? item.Value) : undefined;
    if (typeof raw !== 'string')
      throw invalid('members', 'Each member must be an object with a string value');
    const parsed = parseId(raw);
    if (!parsed) throw DomainError.notFound('user', raw, 'members');
    (parsed.kind === 'user' ? result.userIds : result.groupIds).push(parsed.id);
  }
  return result;
}

export interface GroupInput extends MemberIds {
  name: string;
  externalId: string | null;
}

export function groupInput(resource: Record<string, unknown>): GroupInput {
  if (typeof resource.displayName !== 'string')
    throw invalid('displayName', 'displayName is required');
  const members =
    resource.members === undefined || resource.members === null
      ? { userIds: [], groupIds: [] }
      : memberIds(resource.members);
  return {
    name: resource.displayName,
    externalId: optionalString(resource.externalId, 'externalId'),
    ...members,
  };
}

// ----- PATCH (RFC 7644 §3.5.2) -----

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

export function patchOperations(body: unknown): PatchOperation[] {
  const request = canonicalPatchRequest(body);
  return request.map((raw, i) => {
    if (!isObject(raw)) throw invalid('syntax', `Operations[${i}] must be an object`);
    const op = typeof raw.op === 'string' ? raw.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'remove' && op !== 'replace')
      throw invalid('syntax', `Operations[${i}].op must be add, remove or replace`);
    const path = raw.path === undefined || raw.path === '' ? undefined : raw.path;
    if (path !== undefined && typeof path !== 'string')
      throw invalid('path', `Operations[${i}].path must be a string`);
    if (op === 'remove' && path === undefined)
      throw invalid('noTarget', `Operations[${i}]: remove needs a path`);
    if (op !== 'remove' && raw.value === undefined)
      throw invalid('syntax', `Operations[${i}]: ${op} needs a value`);
    return { op, path: path && canonicalPath(path), value: raw.value };
  });
}

function canonicalPatchRequest(body: unknown): unknown[] {
  const request = requireObject(body, 'PatchOp message');
  const schemas = request.schemas;
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => String(s).toLowerCase() === PATCH_OP.toLowerCase())
  )
    throw invalid('syntax', `schemas must contain ${PATCH_OP}`);
  const operations = Object.entries(request).find(([k]) => k.toLowerCase() === 'operations')?.[1];
  if (!Array.isArray(operations) || operations.length === 0)
    throw invalid('syntax', 'Operations must be a non-empty array');
  return operations;
}

/** `members[value eq "…"]` (or several joined by `or`) → the member ids it names. */
function membersByFilter(filter: Filter): MemberIds {
  if (filter.op === 'or') {
    const parts = filter.filters.map(membersByFilter);
    return {
      userIds: parts.flatMap((p) => p.userIds),
      groupIds: parts.flatMap((p) => p.groupIds),
    };
  }
  if (filter.op === 'eq' && filter.attrPath.toLowerCase() === 'value')
    return memberIds({ value: filter.compValue });
  throw invalid('path', 'A members filter in a path must be value eq "<id>"');
}

/** A Group PATCH → the directory's change steps (members, displayName, externalId). */
export function groupChanges(operations: PatchOperation[]): DirectoryGroupChange[] {
  const changes: DirectoryGroupChange[] = [];
  const set = (attribute: string, value: unknown, op: PatchOperation['op']) => {
    switch (attribute) {
      case 'displayName':
        if (typeof value !== 'string') throw invalid('displayName', 'displayName must be a string');
        return changes.push({ kind: 'rename', name: value });
      case 'externalId':
        return changes.push({
          kind: 'setExternalId',
          externalId: optionalString(value, 'externalId'),
        });
      case 'members':
        return changes.push({
          kind: op === 'add' ? 'addMembers' : 'replaceMembers',
          ...memberIds(value),
        });
      case 'id':
      case 'schemas':
      case 'meta':
        return; // read-only; clients (Okta) echo them back
      default:
        throw invalid('path', `${attribute} is not an attribute of a Group`);
    }
  };
  for (const operation of operations) {
    const { op, path, value } = operation;
    if (path === undefined) {
      const values = requireObject(canonical(value), 'object of attributes');
      for (const [attribute, inner] of Object.entries(values)) set(attribute, inner, op);
      continue;
    }
    const filtered = /^members\[(.*)\]$/s.exec(path);
    if (filtered) {
      if (op !== 'remove') throw invalid('path', 'Only remove takes a members filter');
      changes.push({ kind: 'removeMembers', ...membersByFilter(parsePathFilter(filtered[1])) });
      continue;
    }
    const attribute = attributePath(path).join('.');
    if (op === 'remove') {
      if (attribute === 'members') {
        // Entra ID names the members to remove in `value`; without one, all go.
        changes.push(
          value === undefined
            ? { kind: 'replaceMembers', userIds: [], groupIds: [] }
            : { kind: 'removeMembers', ...memberIds(value) },
        );
      } else if (attribute === 'externalId') {
        changes.push({ kind: 'setExternalId', externalId: null });
      } else if (attribute === 'displayName') {
        throw invalid('mutability', 'displayName is required and cannot be removed');
      } else {
        throw invalid('path', `${attribute} is not an attribute of a Group`);
      }
      continue;
    }
    set(attribute, value, op);
  }
  return changes;
}

function parsePathFilter(text: string): Filter {
  try {
    return parseFilter(text);
  } catch (error) {
    throw invalid('path', `Invalid filter in path: ${(error as Error).message}`);
  }
}

// ----- list queries (RFC 7644 §3.4.2) -----

export interface ListParams<Filter, SortField> {
  filter?: Filter;
  sort?: { field: SortField; direction: 'asc' | 'desc' };
  startIndex: number;
  count: number;
  attributes?: string[];
  excludedAttributes?: string[];
}

type Query = Record<string, unknown>;

const MAX_FILTER_LENGTH = 2000;

function queryString(query: Query, name: string): string | undefined {
  const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(name, `${name} must be given once`);
  return value;
}

function integer(query: Query, name: string): number | undefined {
  const raw = queryString(query, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d{1,10}$/.test(raw)) throw invalid(name, `${name} must be an integer`);
  return Number(raw);
}

export function attributeList(query: Query, name: string): string[] | undefined {
  const raw = queryString(query, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((a) => {
    if (/[[\]]/.test(a))
      throw invalid(name, `${name} lists attribute names; to select by value use filter`);
    return a.trim();
  });
}

export function listParams<F, S>(
  query: Query,
  translate: (filter: Filter) => F,
  sortFields: Record<string, S>,
): ListParams<F, S> {
  // RFC 7644 §3.4.2.4: a startIndex below 1 is read as 1, a negative count as 0.
  const startIndex = Math.max(1, integer(query, 'startIndex') ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, integer(query, 'count') ?? MAX_RESULTS));
  const filterText = queryString(query, 'filter');
  let filter: F | undefined;
  if (filterText !== undefined && filterText.trim() !== '') {
    if (filterText.length > MAX_FILTER_LENGTH)
      throw invalid('filter', `A filter may have at most ${MAX_FILTER_LENGTH} characters`);
    let ast: Filter;
    try {
      ast = parseFilter(filterText);
    } catch (error) {
      throw invalid('filter', `Invalid filter: ${(error as Error).message}`);
    }
    filter = translate(ast);
  }
  const sortBy = queryString(query, 'sortBy');
  const sortOrder = queryString(query, 'sortOrder')?.toLowerCase();
  if (sortOrder !== undefined && sortOrder !== 'ascending' && sortOrder !== 'descending')
    throw invalid('sortOrder', 'sortOrder must be ascending or descending');
  let sort: ListParams<F, S>['sort'];
  if (sortBy !== undefined) {
    const field = sortFields[attributePath(sortBy).join('.')];
    if (field === undefined) throw invalid('sortBy', `Cannot sort by ${sortBy}`);
    sort = { field, direction: sortOrder === 'descending' ? 'desc' : 'asc' };
  }
  return {
    filter,
    sort,
    startIndex,
    count,
    attributes: attributeList(query, 'attributes'),
    excludedAttributes: attributeList(query, 'excludedAttributes'),
  };
}

export const USER_SORT_FIELDS: Record<string, UserSortField> = {
  id: 'id',
  userName: 'username',
  externalId: 'externalId',
  displayName: 'displayName',
  'meta.created': 'createdAt',
  'meta.lastModified': 'updatedAt',
};

export const GROUP_SORT_FIELDS: Record<string, GroupSortField> = {
  id: 'id',
  displayName: 'name',
  externalId: 'externalId',
  'meta.created': 'createdAt',
  'meta.lastModified': 'updatedAt',
};

// ----- filters → the directory's filter language -----

type Leaf = Exclude<Filter, { op: 'and' | 'or' | 'not' | '[]' }>;

/** Matches nothing: every resource has an id. */
const NOTHING = { kind: 'not', operand: { kind: 'present', field: 'id' } } as const;

function unsupported(attribute: string): ScimRequestError {
  return invalid('filter', `Filtering on ${attribute} is not supported`);
}

function logical<T>(filter: Filter, leaf: (f: Leaf | Extract<Filter, { op: '[]' }>) => T) {
  const walk = (
    f: Filter,
  ): T | { kind: 'and' | 'or'; operands: T[] } | { kind: 'not'; operand: T } => {
    if (f.op === 'and' || f.op === 'or')
      return { kind: f.op, operands: f.filters.map(walk) as T[] };
    if (f.op === 'not') return { kind: 'not', operand: walk(f.filter) as T };
    return leaf(f as Leaf);
  };
  return walk(filter);
}

function timeValue(value: FilterValue, attribute: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalid('filter', `${attribute} compares with a date-time string`);
  return ms;
}

function idValue<K extends string>(value: FilterValue, kind: ResourceKind, op: Comparison) {
  const parsed = parseId(value);
  if (op !== 'eq' && op !== 'ne') throw invalid('filter', 'id compares with eq or ne');
  if (parsed?.kind !== kind)
    return op === 'eq' ? NOTHING : ({ kind: 'present', field: 'id' } as const);
  return { kind: 'compare', field: 'id' as K, op, value: parsed.id } as const;
}

const USER_TEXT_FIELDS = {
  userName: 'username',
  externalId: 'externalId',
  displayName: 'displayName',
  'name.givenName': 'givenName',
  'name.familyName': 'familyName',
  active: 'active',
} as const;

const EMAIL_FIELDS: Record<string, EmailField> = {
  value: 'value',
  type: 'type',
  primary: 'primary',
};

function emailFilter(filter: Filter): EmailFilter {
  return logical(filter, (leaf): EmailFilter => {
    if (leaf.op === '[]') throw invalid('filter', 'Filters cannot nest');
    const field = EMAIL_FIELDS[attributePath(leaf.attrPath).join('.')];
    if (!field) throw unsupported(`emails.${leaf.attrPath}`);
    return leaf.op === 'pr'
      ? { kind: 'present', field }
      : { kind: 'compare', field, op: leaf.op, value: leaf.compValue };
  }) as EmailFilter;
}

export function userFilter(filter: Filter): UserFilter {
  return logical(filter, (leaf): UserFilter => {
    const path = attributePath(leaf.attrPath);
    const attribute = path.join('.');
    if (leaf.op === '[]') {
      if (attribute !== 'emails') throw unsupported(`${attribute}[…]`);
      return { kind: 'someEmail', operand: emailFilter(leaf.valFilter) };
    }
    if (path[0] === 'emails') {
      return { kind: 'someEmail', operand: emailFilter({ ...leaf, attrPath: path[1] ?? 'value' }) };
    }
    if (leaf.op === 'pr') {
      if (attribute === 'id' || attribute === 'meta.created' || attribute === 'meta.lastModified')
        return { kind: 'present', field: 'id' };
      const field = USER_TEXT_FIELDS[attribute as keyof typeof USER_TEXT_FIELDS];
      if (!field) throw unsupported(attribute);
      return { kind: 'present', field };
    }
    if (attribute === 'id') return idValue(leaf.compValue, 'user', leaf.op) as UserFilter;
    if (attribute === 'meta.created' || attribute === 'meta.lastModified') {
      const field = attribute === 'meta.created' ? 'createdAt' : 'updatedAt';
      return { kind: 'compare', field, op: leaf.op, value: timeValue(leaf.compValue, attribute) };
    }
    const field = USER_TEXT_FIELDS[attribute as keyof typeof USER_TEXT_FIELDS];
    if (!field) throw unsupported(attribute);
    return { kind: 'compare', field, op: leaf.op, value: leaf.compValue };
  }) as UserFilter;
}

export function groupFilter(filter: Filter): GroupFilter {
  const members = (f: Filter): GroupFilter =>
    logical(f, (leaf): GroupFilter => {
      if (leaf.op === '[]') throw invalid('filter', 'Filters cannot nest');
      if (attributePath(leaf.attrPath).join('.') !== 'value')
        throw unsupported(`members.${leaf.attrPath}`);
      if (leaf.op === 'pr') {
        return {
          kind: 'or',
          operands: [
            { kind: 'present', field: 'memberUserId' },
            { kind: 'present', field: 'memberGroupId' },
          ],
        };
      }
      if (leaf.op !== 'eq') throw invalid('filter', 'members.value compares with eq');
      const parsed = parseId(leaf.compValue);
      if (!parsed) return NOTHING;
      const field = parsed.kind === 'user' ? 'memberUserId' : 'memberGroupId';
      return { kind: 'compare', field, op: 'eq', value: parsed.id };
    }) as GroupFilter;
  return logical(filter, (leaf): GroupFilter => {
    const path = attributePath(leaf.attrPath);
    const attribute = path.join('.');
    if (leaf.op === '[]') {
      if (attribute !== 'members') throw unsupported(`${attribute}[…]`);
      return members(leaf.valFilter);
    }
    if (path[0] === 'members') return members({ ...leaf, attrPath: path[1] ?? 'value' });
    if (leaf.op === 'pr') {
      if (attribute === 'displayName') return { kind: 'present', field: 'name' };
      if (attribute === 'externalId') return { kind: 'present', field: 'externalId' };
      if (attribute === 'id' || attribute === 'meta.created' || attribute === 'meta.lastModified')
        return { kind: 'present', field: 'id' };
      throw unsupported(attribute);
    }
    switch (attribute) {
      case 'id':
        return idValue(leaf.compValue, 'group', leaf.op) as GroupFilter;
      case 'displayName':
        return { kind: 'compare', field: 'name', op: leaf.op, value: leaf.compValue };
      case 'externalId':
        return { kind: 'compare', field: 'externalId', op: leaf.op, value: leaf.compValue };
      case 'meta.created':
      case 'meta.lastModified':
        return {
          kind: 'compare',
          field: attribute === 'meta.created' ? 'createdAt' : 'updatedAt',
          op: leaf.op,
          value: timeValue(leaf.compValue, attribute),
        };
      default:
        throw unsupported(attribute);
    }
  }) as GroupFilter;
}
