import { ListedGroupRef } from '../../domain/groups.service';
import { GroupSummary, Page, UserView } from '../../domain/views';

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

/** A group as read for the fields asked: the timestamps only when a date field is. */
type PublisherGroupSource = ListedGroupRef & Partial<Pick<GroupSummary, 'createdAt' | 'updatedAt'>>;

/**
 * The columns a list reads for `fields`: the timestamps cost about as much SQL as the page's ids
 * and names together, and the default fields (id, name, link) show neither.
 */
export function publisherListColumns(fields: readonly PublisherField[]): 'summary' | 'refs' {
  return fields.includes('createddate') || fields.includes('modifieddate') ? 'summary' : 'refs';
}

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

/** A timestamp publisherListColumns should have read; its absence is a bug, not bad input. */
function dateValue(epochMs: number | undefined): string {
  if (epochMs === undefined) throw new Error('a Publisher date field without its column');
  return formatPublisherDate(epochMs);
}

function fieldValue(
  group: PublisherGroupSource,
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
      return dateValue(group.createdAt);
    case 'modifieddate':
      return dateValue(group.updatedAt);
    case 'organisationcount':
      return organisationCount(group.members ?? []);
  }
}

/** Projects a group onto the requested fields, in canonical order. */
export function publisherGroupObject(
  group: PublisherGroupSource,
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
