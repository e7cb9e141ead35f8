import { DirectoryGroup, DirectoryUser } from '../../domain/directory-views';
import { Page } from '../../domain/views';
import { attributePath, scimId } from './scim-request';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, LIST_RESPONSE } from './scim-schemas';

export type ScimResource = Record<string, unknown>;

/** A weak ETag from the last change (RFC 7644 §3.14); the same string is `meta.version`. */
export function version(resource: { updatedAt: number }): string {
  return `W/"${resource.updatedAt}"`;
}

function meta(
  resourceType: string,
  resource: { createdAt: number; updatedAt: number },
  location: string,
) {
  return {
    resourceType,
    created: new Date(resource.createdAt).toISOString(),
    lastModified: new Date(resource.updatedAt).toISOString(),
    location,
    version: version(resource),
  };
}

export function scimUser(user: DirectoryUser, base: string): ScimResource {
  const id = scimId('user', user.id);
  const { name: nameParts, [ENTERPRISE_USER]: enterprise, ...kept } = user.profile ?? {};
  const name = {
    ...(user.givenName ? { givenName: user.givenName } : {}),
    ...(user.familyName ? { familyName: user.familyName } : {}),
    ...(nameParts as object | undefined),
  };
  return {
    schemas: enterprise ? [CORE_USER, ENTERPRISE_USER] : [CORE_USER],
    id,
    ...(user.externalId !== null ? { externalId: user.externalId } : {}),
    userName: user.username,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...(user.displayName !== null ? { displayName: user.displayName } : {}),
    active: user.active,
    ...(user.emails.length > 0
      ? {
          emails: user.emails.map((e) => ({
            value: e.value,
            ...(e.type !== null ? { type: e.type } : {}),
            primary: e.primary,
          })),
        }
      : {}),
    ...kept,
    ...(enterprise ? { [ENTERPRISE_USER]: enterprise } : {}),
    meta: meta('User', user, `${base}/Users/${id}`),
  };
}

export function scimGroup(group: DirectoryGroup, base: string): ScimResource {
  const id = scimId('group', group.id);
  return {
    schemas: [CORE_GROUP],
    id,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    displayName: group.name,
    ...(group.members
      ? {
          members: group.members.map((m) => {
            const value = scimId(m.kind, m.id);
            const type = m.kind === 'user' ? 'User' : 'Group';
            return { value, $ref: `${base}/${type}s/${value}`, display: m.display, type };
          }),
        }
      : {}),
    meta: meta('Group', group, `${base}/Groups/${id}`),
  };
}

export function listResponse<T>(
  page: Page<T>,
  startIndex: number,
  render: (item: T) => ScimResource,
) {
  return {
    schemas: [LIST_RESPONSE],
    totalResults: page.total,
    startIndex,
    itemsPerPage: page.items.length,
    Resources: page.items.map(render),
  };
}

/** A discovery list: everything on one page (RFC 7644 §4). */
export function discoveryList<T>(resources: T[]) {
  return listResponse({ total: resources.length, items: resources }, 1, (r) => r as ScimResource);
}

// ----- attributes / excludedAttributes (RFC 7644 §3.4.2.5, §3.9) -----

/** Returned whatever the client asks (RFC 7643: returned "always"). */
const ALWAYS = new Set(['id', 'schemas']);

type Selection = Map<string, Set<string> | 'all'>;

function selection(paths: readonly string[]): Selection {
  const selected: Selection = new Map();
  for (const raw of paths) {
    const [top, sub] = attributePath(raw);
    const key = top.toLowerCase();
    const current = selected.get(key);
    if (sub === undefined || current === 'all') selected.set(key, 'all');
    else selected.set(key, new Set([...(current ?? []), sub.toLowerCase()]));
  }
  return selected;
}

function pick(value: unknown, subs: Set<string>, keep: boolean): unknown {
  const one = (item: unknown) =>
    typeof item === 'object' && item !== null
      ? Object.fromEntries(Object.entries(item).filter(([k]) => subs.has(k.toLowerCase()) === keep))
      : item;
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** Whether a top-level attribute would be returned (so it need not be read when it would not). */
export function isReturned(
  attribute: string,
  attributes: readonly string[] | undefined,
  excluded: readonly string[] | undefined,
): boolean {
  const key = attribute.toLowerCase();
  if (attributes) return selection(attributes).has(key);
  return excluded ? selection(excluded).get(key) !== 'all' : true;
}

export function project(
  resource: ScimResource,
  attributes: readonly string[] | undefined,
  excluded: readonly string[] | undefined,
): ScimResource {
  if (attributes) {
    const selected = selection(attributes);
    const out: ScimResource = {};
    for (const [key, value] of Object.entries(resource)) {
      const wanted = selected.get(key.toLowerCase());
      if (ALWAYS.has(key) || wanted === 'all') out[key] = value;
      else if (wanted) out[key] = pick(value, wanted, true);
    }
    return out;
  }
  if (excluded) {
    const dropped = selection(excluded);
    const out: ScimResource = {};
    for (const [key, value] of Object.entries(resource)) {
      const unwanted = dropped.get(key.toLowerCase());
      if (ALWAYS.has(key) || unwanted === undefined) out[key] = value;
      else if (unwanted !== 'all') out[key] = pick(value, unwanted, false);
    }
    return out;
  }
  return resource;
}
