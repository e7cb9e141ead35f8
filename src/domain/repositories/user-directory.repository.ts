import { Injectable } from '@nestjs/common';
import { Sql } from '../../persistence/sql';
import { toUserView, USER_COLUMNS, UserRow } from './group-rows';
import { COUNT_CAP, prefixUpperBound } from '../keyset';
import { UserView } from '../views';

export interface UserDirectoryFilter {
  /** Lower-cased start of the username, the e-mail, the full name or the last name. */
  prefix?: string;
  active?: boolean;
  admin?: boolean;
}

/** What a user search matches the start of, each over its own expression index. */
const SEARCHED_EXPRESSIONS = [
  'u.username',
  'u.email',
  `u.first_name || ' ' || u.last_name`,
  'u.last_name',
];

/** Up to this many matches, a prefix search gathers them by index rather than walking ids. */
const FEW_MATCHES = 1000;

/** The admin directory's SQL over users: keyset pages by id and a capped count. */
@Injectable()
export class UserDirectoryRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * With a prefix, the capped count runs first and picks the page's plan: few matches are
   * gathered from the four expression indexes and sorted (a walk in id order would read the
   * whole table to find none); many are found soonest by walking ids and testing each row
   * (gathering them all would sort tens of thousands). Two statements either way.
   */
  async searchUsers(
    filter: UserDirectoryFilter,
    afterId: number,
    limit: number,
  ): Promise<{ rows: UserView[]; counted: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    let prefixMatches: { sql: string; params: unknown[] } | undefined;
    if (filter.prefix) {
      const lower = (expression: string) =>
        this.sql.isPostgres ? `LOWER(${expression}) COLLATE "C"` : `LOWER(${expression})`;
      const upper = prefixUpperBound(filter.prefix);
      const ranges = SEARCHED_EXPRESSIONS.map((e) => `(${lower(e)} >= ? AND ${lower(e)} < ?)`);
      where.push(`(${ranges.join(' OR ')})`);
      const bounds = SEARCHED_EXPRESSIONS.flatMap(() => [filter.prefix, upper]);
      params.push(...bounds);
      prefixMatches = {
        sql: ranges.map((range) => `SELECT u.id FROM users u WHERE ${range}`).join(' UNION ALL '),
        params: bounds,
      };
    }
    if (filter.active !== undefined) {
      where.push('u.active = ?');
      params.push(filter.active);
    }
    if (filter.admin !== undefined) {
      where.push('u.is_admin = ?');
      params.push(filter.admin);
    }
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countRow = await this.sql.one<{ total: number | string }>(
      `SELECT COUNT(*) AS total FROM (SELECT 1 FROM users u ${filtered} LIMIT ${COUNT_CAP + 1}) t`,
      params,
    );
    const counted = Number(countRow?.total ?? 0);
    const page =
      prefixMatches && counted <= FEW_MATCHES
        ? {
            // The prefix is the first condition; the index gathering replaces it.
            sql: `u.id IN (${prefixMatches.sql}) AND ${[...where.slice(1), 'u.id > ?'].join(' AND ')}`,
            params: [...prefixMatches.params, ...params.slice(prefixMatches.params.length)],
          }
        : { sql: [...where, 'u.id > ?'].join(' AND '), params };
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE ${page.sql} ORDER BY u.id LIMIT ?`,
      [...page.params, afterId, limit],
    );
    return { rows: rows.map(toUserView), counted };
  }
}
