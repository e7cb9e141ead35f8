import { ListedGroupSummary } from '../../domain/groups.service';
import { Page, UserView } from '../../domain/views';

export type PublisherField =
  'id' | 'name' | 'link' | 'users' | 'createddate' | 'modifieddate' | 'organisationcount';

/** The User Group Summary object. */
export const PUBLISHER_SUMMARY_FIELDS: readonly PublisherField[] = ['id', 'name', 'link'];
/** The User Group object (GET one, PUT …/users, `fields=all`). */
export const PUBLISHER_FULL_FIELDS: readonly PublisherField[] = [
  'id',
  'name',
  'users',
  'createddate',
  'modifieddate',
  'organisationcount',
];

export type PublisherGroupObject = Partial<Record<PublisherField, string | number | number[]>>;

/**
 * What a controller returns: one tree for JSON, one for XML (their shapes differ for lists). The
 * XML tree is built only when the client negotiated XML.
 */
export class PublisherDocument {
  constructor(
    readonly json: Record<string, unknown>,
    private readonly buildXmlTree: () => Record<string, unknown>,
  ) {}

  get xml(): Record<string, unknown> {
    return this.buildXmlTree();
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** HighQ's `dd-MM-yyyy HH:mm:ss:SSS`, in UTC. */
export function formatPublisherDate(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}:${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** Number of distinct organisations among the members. */
function organisationCount(members: readonly UserView[]): number {
  return new Set(members.flatMap((m) => (m.organizationId === null ? [] : [m.organizationId])))
    .size;
}

function fieldValue(
  group: ListedGroupSummary,
  field: PublisherField,
  baseUrl: string,
): string | number | number[] {
  switch (field) {
    case 'id':
      return group.id;
    case 'name':
      return group.name;
    case 'link':
      return `${baseUrl}/api/2/groups/${group.id}`;
    case 'users':
      return (group.members ?? []).map((m) => m.id);
    case 'createddate':
      return formatPublisherDate(group.createdAt);
    case 'modifieddate':
      return formatPublisherDate(group.updatedAt);
    case 'organisationcount':
      return organisationCount(group.members ?? []);
  }
}

/** Projects a group onto the requested fields, in canonical order. */
export function publisherGroupObject(
  group: ListedGroupSummary,
  fields: readonly PublisherField[],
  baseUrl: string,
): PublisherGroupObject {
  const object: PublisherGroupObject = {};
  for (const field of fields) object[field] = fieldValue(group, field, baseUrl);
  return object;
}

/** XML mirrors the JSON keys; the users array becomes `<users><user>…</user></users>`. */
function xmlGroup(group: PublisherGroupObject): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(group).map(([key, value]) =>
      Array.isArray(value) ? [key, value.length > 0 ? { user: value } : ''] : [key, value],
    ),
  );
}

export function publisherGroupDocument(group: PublisherGroupObject): PublisherDocument {
  return new PublisherDocument({ group }, () => ({ group: xmlGroup(group) }));
}

export function publisherListDocument(
  page: Page<PublisherGroupObject>,
  currentpage: number,
): PublisherDocument {
  return new PublisherDocument({ total: page.total, currentpage, groups: page.items }, () => ({
    groups: { total: page.total, currentpage, group: page.items.map(xmlGroup) },
  }));
}
