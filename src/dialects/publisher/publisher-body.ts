import type { Request } from 'express';
import { parseXml, XmlRejectedError } from '../../common/xml-codec';
import { DomainError } from '../../domain/domain-error';
import { PublisherError } from './publisher-errors';
import { publisherRequestFormat } from './publisher-negotiation';

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

/** `<group>` → `{name, users: {user: [...]}}`; `<users/>` parses to ''. */
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
  if (users === '') return { ...rest, users: [] };
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
