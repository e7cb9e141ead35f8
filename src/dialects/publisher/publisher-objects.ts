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

/** What a controller returns: one tree for JSON, one for XML (their shapes differ for lists). */
export class PublisherDocument {
  constructor(
    readonly json: Record<string, unknown>,
    readonly xml: Record<string, unknown>,
  ) {}
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

/** Projects a group onto the requested fields, in canonical order. */
export function publisherGroupObject(
  group: ListedGroupSummary,
  fields: readonly PublisherField[],
  baseUrl: string,
): PublisherGroupObject {
  const members = group.members ?? [];
  const values: Record<PublisherField, () => string | number | number[]> = {
    id: () => group.id,
    name: () => group.name,
    link: () => `${baseUrl}/api/2/groups/${group.id}`,
    users: () => members.map((m) => m.id),
    createddate: () => formatPublisherDate(group.createdAt),
    modifieddate: () => formatPublisherDate(group.updatedAt),
    organisationcount: () => organisationCount(members),
  };
  return Object.fromEntries(fields.map((f) => [f, values[f]()]));
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
  return new PublisherDocument({ group }, { group: xmlGroup(group) });
}

export function publisherListDocument(
  page: Page<PublisherGroupObject>,
  currentpage: number,
): PublisherDocument {
  return new PublisherDocument(
    { total: page.total, currentpage, groups: page.items },
    { groups: { total: page.total, currentpage, group: page.items.map(xmlGroup) } },
  );
}
