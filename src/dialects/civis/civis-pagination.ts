import type { Response } from 'express';
import { ACCESS_LEVELS } from '../../domain/access-level';
import { GroupListQuery } from '../../domain/groups.service';
import {
  booleanField,
  CivisInput,
  idListField,
  intField,
  oneOfField,
  stringField,
} from './civis-request';

export const DEFAULT_CIVIS_LIMIT = 50;
export const MAX_CIVIS_LIMIT = 1000;

export interface CivisPage {
  limit: number;
  pageNum: number;
}

/** `GET /groups` query → the domain's list query (every filter, the order and the page in SQL). */
export function groupListQuery(query: CivisInput): { list: GroupListQuery; page: CivisPage } {
  const limit = intField(query, 'limit', { max: MAX_CIVIS_LIMIT }) ?? DEFAULT_CIVIS_LIMIT;
  const pageNum = intField(query, 'page_num') ?? 1;
  const order = oneOfField(query, 'order', ['name', 'created_at'] as const) ?? 'name';
  const direction = oneOfField(query, 'order_dir', ['asc', 'desc'] as const) ?? 'asc';
  const list: GroupListQuery = {
    search: stringField(query, 'query') || undefined,
    minLevel: oneOfField(query, 'permission', ACCESS_LEVELS) ?? 'read',
    organizationId: intField(query, 'organization_id') ?? undefined,
    memberUserIds: idListField(query, 'user_ids') ?? undefined,
    includeMembers: booleanField(query, 'include_members') ?? false,
    sort: [{ field: order === 'created_at' ? 'createdAt' : 'name', direction }],
    limit,
    offset: (pageNum - 1) * limit,
  };
  return { list, page: { limit, pageNum } };
}

const EXPOSED = [
  'X-Pagination-Per-Page',
  'X-Pagination-Current-Page',
  'X-Pagination-Total-Pages',
  'X-Pagination-Total-Entries',
];

/** civis-r pages by these headers; civis-python ignores them and stops on an empty page. */
export function setPaginationHeaders(res: Response, page: CivisPage, total: number): void {
  res.setHeader('X-Pagination-Per-Page', String(page.limit));
  res.setHeader('Access-Control-Expose-Headers', EXPOSED.join(', '));
  res.setHeader('X-Pagination-Current-Page', String(page.pageNum));
  res.setHeader('X-Pagination-Total-Pages', String(Math.ceil(total / page.limit)));
  res.setHeader('X-Pagination-Total-Entries', String(total));
}
