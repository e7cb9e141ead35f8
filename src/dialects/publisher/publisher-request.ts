import type { Request } from 'express';
import { parseXml, XmlRejectedError } from '../../common/xml-codec';
import { DomainError } from '../../domain/domain-error';
import { GroupListQuery, GroupSortField, TimeRange } from '../../domain/groups.service';
import { PublisherError, PublisherErrorKey } from './publisher-errors';
import { publisherRequestFormat } from './publisher-negotiation';
import { PUBLISHER_FULL_FIELDS, PUBLISHER_SUMMARY_FIELDS, PublisherField } from './publisher-views';

export const DEFAULT_LIMIT = 200;
/**
 * Larger pages are refused (ref 107) rather than silently shortened: a client that pages with
 * `offset += limit` would otherwise skip groups without noticing.
 */
export const MAX_LIMIT = 1000;

const SORT_FIELDS: Record<string, GroupSortField> = {
  name: 'name',
  created: 'createdAt',
  updated: 'updatedAt',
};

const ALL_FIELDS: readonly PublisherField[] = [
  'id',
  'name',
  'link',
  'users',
  'createddate',
  'modifieddate',
  'organisationcount',
];

/** Parameter names are matched case-insensitively; `createdDateTime` is the seed's alias. */
const PARAM_ALIASES: Record<string, string> = { createddatetime: 'createddate' };

export interface PublisherListRequest {
  query: GroupListQuery;
  fields: readonly PublisherField[];
  limit: number;
  offset: number;
}

/**
 * `sort=-name,+created`: each key starts with `+` or `-`. An unencoded `+` arrives as a space,
 * so a key that starts with whitespace but no sign is ascending. Anything else is HighQ's ref 79.
 */
export function parsePublisherSort(raw: string): NonNullable<GroupListQuery['sort']> {
  const keys = raw.split(',').map((token) => {
    const key = token.trimStart();
    const sign = /^[+-]/.test(key) ? key.charAt(0) : key !== token ? '+' : null;
    const field = SORT_FIELDS[key.replace(/^[+-]/, '').trim().toLowerCase()];
    if (!field || !sign) throw new PublisherError('invalidSort');
    return { field, direction: sign === '-' ? ('desc' as const) : ('asc' as const) };
  });
  if (new Set(keys.map((k) => k.field)).size !== keys.length) {
    throw new PublisherError('invalidSort');
  }
  return keys;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(yyyymmdd: string): number | null {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  const real =
    date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return real ? ms : null;
}

/** The same UTC time `months` calendar months earlier, on that month's last day if it is shorter. */
function monthsBefore(now: number, months: number): number {
  const d = new Date(now);
  const [year, month] = [d.getUTCFullYear(), d.getUTCMonth() - months];
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/**
 * `lastweek` | `lastmonth` | `lastyear` (up to now) or an inclusive `YYYYMMDD,YYYYMMDD` range of
 * whole UTC days. Null when the value is not one of those.
 */
export function parsePublisherDateFilter(raw: string, now: number): TimeRange | null {
  const value = raw.trim().toLowerCase();
  switch (value) {
    case 'lastweek':
      return { from: now - 7 * DAY_MS };
    case 'lastmonth':
      return { from: monthsBefore(now, 1) };
    case 'lastyear':
      return { from: monthsBefore(now, 12) };
  }
  const match = /^(\d{8})\s*,\s*(\d{8})$/.exec(value);
  if (!match) return null;
  const from = utcDay(match[1]);
  const lastDay = utcDay(match[2]);
  if (from === null || lastDay === null || from > lastDay) return null;
  return { from, to: lastDay + DAY_MS - 1 };
}

/** `fields`: absent → summary, `all` → full object, else a comma list of known field names. */
export function parsePublisherFields(raw: string | undefined): readonly PublisherField[] {
  if (raw === undefined) return PUBLISHER_SUMMARY_FIELDS;
  const names = raw.split(',').map((f) => f.trim().toLowerCase());
  if (names.includes('all')) return PUBLISHER_FULL_FIELDS;
  const unknown = names.some((n) => !ALL_FIELDS.includes(n as PublisherField));
  if (unknown) throw new PublisherError('invalidFields');
  // Rendered in the canonical order, each once, whatever order the client listed them in.
  return ALL_FIELDS.filter((f) => names.includes(f));
}

function parseCount(
  raw: string | undefined,
  fallback: number,
  range: { min: number; max?: number },
  key: PublisherErrorKey,
) {
  if (raw === undefined) return fallback;
  // At most 9 digits: always a safe integer, and within SQL's INTEGER.
  if (!/^\d{1,9}$/.test(raw.trim())) throw new PublisherError(key);
  const n = Number(raw.trim());
  if (n < range.min || (range.max !== undefined && n > range.max)) throw new PublisherError(key);
  return n;
}

/** Case-folded, aliased query parameters; a parameter given twice is invalid. */
function foldParams(
  raw: Record<string, unknown>,
): Map<string, { value: string | undefined; repeated: boolean }> {
  const folded = new Map<string, { value: string | undefined; repeated: boolean }>();
  for (const [key, value] of Object.entries(raw)) {
    const name = PARAM_ALIASES[key.toLowerCase()] ?? key.toLowerCase();
    const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string');
    const previous = folded.get(name);
    folded.set(name, {
      value: values[0],
      repeated: Boolean(previous) || values.length !== 1,
    });
  }
  return folded;
}

const PARAM_ERRORS: Record<string, PublisherErrorKey> = {
  search: 'invalidParameter',
  sort: 'invalidSort',
  fields: 'invalidFields',
  limit: 'invalidLimit',
  offset: 'invalidOffset',
  createddate: 'invalidCreatedDate',
  modifieddate: 'invalidModifiedDate',
};

/** Maps the list's query string onto one domain query (filtering, sorting, paging in SQL). */
export function parsePublisherListQuery(
  raw: Record<string, unknown>,
  now: number,
): PublisherListRequest {
  const params = foldParams(raw);
  const get = (name: string): string | undefined => {
    const entry = params.get(name);
    if (entry?.repeated) throw new PublisherError(PARAM_ERRORS[name], { param: name });
    return entry?.value;
  };
  const fields = parsePublisherFields(get('fields'));
  const limit = parseCount(get('limit'), DEFAULT_LIMIT, { min: 1, max: MAX_LIMIT }, 'invalidLimit');
  const offset = parseCount(get('offset'), 0, { min: 0 }, 'invalidOffset');
  const sort = get('sort');
  const search = get('search')?.trim();
  const query: GroupListQuery = {
    search: search || undefined,
    sort: sort === undefined ? undefined : parsePublisherSort(sort),
    limit,
    offset,
    includeMembers: fields.some((f) => f === 'users' || f === 'organisationcount'),
  };
  for (const [name, target, key] of [
    ['createddate', 'created', 'invalidCreatedDate'],
    ['modifieddate', 'updated', 'invalidModifiedDate'],
  ] as const) {
    const value = get(name);
    if (value === undefined) continue;
    const range = parsePublisherDateFilter(value, now);
    if (!range) throw new PublisherError(key);
    query[target] = range;
  }
  return { query, fields, limit, offset };
}

/** The `group` object of a request, the same whether it came as JSON or XML. */
export interface PublisherGroupInput {
  id?: unknown;
  name?: string;
  /** Absent when the request has no `users` element; `[]` for `"users": []` or `<users/>`. */
  users?: unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of a `group` object before `name` is known to be text. */
type RawGroup = Omit<PublisherGroupInput, 'name'> & { name?: unknown };

/** `<group>` → `{name, users: {user: [...]}}`; `<users/>` parses to '' (or its whitespace). */
function fromXml(text: string): RawGroup {
  let tree: Record<string, unknown>;
  try {
    tree = parseXml(text, { arrayPaths: ['group.users.user'] });
  } catch (error) {
    if (error instanceof XmlRejectedError) throw new PublisherError('missingParameters');
    throw error;
  }
  const group = tree.group;
  if (!isRecord(group)) throw new PublisherError('missingParameters');
  const { users, ...rest } = group;
  if (users === undefined) return rest;
  if (typeof users === 'string' && users.trim() === '') return { ...rest, users: [] };
  if (isRecord(users) && Array.isArray(users.user)) return { ...rest, users: users.user };
  throw new PublisherError('invalidUsers');
}

function fromJson(body: unknown): RawGroup {
  let parsed = body;
  // Without a Content-Type (or with text/plain) the body arrives unparsed: JSON is the default.
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new PublisherError('missingParameters');
    }
  }
  const group = isRecord(parsed) ? parsed.group : undefined;
  if (!isRecord(group)) throw new PublisherError('missingParameters');
  const { users, ...rest } = group;
  if (users === undefined) return rest;
  if (!Array.isArray(users)) throw new PublisherError('invalidUsers');
  return { ...rest, users };
}

/** Reads `{"group": {...}}` or `<group>…</group>` per Content-Type; empty/unreadable → ref 74. */
export function readPublisherGroup(req: Request): PublisherGroupInput {
  const body: unknown = req.body;
  if (body === undefined || body === '') throw new PublisherError('missingParameters');
  let group: RawGroup;
  if (publisherRequestFormat(req) === 'xml') {
    if (typeof body !== 'string') throw new PublisherError('missingParameters');
    group = fromXml(body);
  } else {
    group = fromJson(body);
  }
  const { name } = group;
  if (name !== undefined && typeof name !== 'string') {
    throw new PublisherError('invalidName', { reason: 'The group name must be text' });
  }
  return { ...group, name };
}

/** Ids are SQL INTEGERs: a larger number names nothing that exists. */
export const MAX_PUBLISHER_ID = 2_147_483_647;

/** A positive integer, or a string of digits as XML carries numbers; else null. */
export function positiveInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) {
    const n = Number(value);
    return n > 0 ? n : null;
  }
  return null;
}

/** Users of an add/replace: ids only (numbers, or digit strings as XML carries them). */
export function publisherUserIds(users: readonly unknown[]): number[] {
  return users.map((u) => {
    const id = positiveInteger(u);
    if (id === null) throw new PublisherError('invalidUsers');
    return id;
  });
}

/** Users of PUT …/users: ids or e-mail addresses. */
export function publisherUserRefs(users: readonly unknown[]): { ids: number[]; emails: string[] } {
  const ids: number[] = [];
  const emails: string[] = [];
  for (const u of users) {
    const id = positiveInteger(u);
    if (id !== null) ids.push(id);
    else if (typeof u === 'string' && u.includes('@')) emails.push(u.trim());
    else throw new PublisherError('invalidUsers');
  }
  return { ids, emails };
}

/** The group id in a path; one beyond the id range is an unknown group, without asking SQL. */
export function publisherGroupId(raw: unknown): number {
  const id = positiveInteger(raw);
  if (id === null) throw new PublisherError('invalidId');
  if (id > MAX_PUBLISHER_ID) throw DomainError.notFound('group', id, 'groupId');
  return id;
}
