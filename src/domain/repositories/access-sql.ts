import { fragment, SqlFragment } from '../../persistence/sql-fragment';
import { AccessLevel, LEVEL_RANK } from '../access-level';
import { Caller } from '../caller';

/** The groups the caller effectively belongs to: direct groups and every group they nest in. */
const CALLER_GROUPS_CTE = `caller_groups(id) AS (
    SELECT group_id FROM group_members WHERE user_id = ?
    UNION
    SELECT gc.parent_id FROM group_children gc JOIN caller_groups cg ON gc.child_id = cg.id
  )`;

/** A statement's access part: its WITH clause, and the condition on `g` that uses it. */
export interface CallerAccess {
  /** `WITH RECURSIVE caller_groups … ` (with its parameter), or empty. */
  readonly with: SqlFragment;
  /** Restricts `g` to the groups the caller may see at the level asked; null: no restriction. */
  readonly visible: SqlFragment | null;
}

const NO_RESTRICTION: CallerAccess = { with: fragment(''), visible: null };

/**
 * The caller's access to groups `g`, as SQL: level = manage for the owner, else the highest share
 * held directly or through any group the caller effectively belongs to, else read for effective
 * members (docs/architecture.md, "Access policy"). `minLevel` null, or a system administrator: no restriction
 * (and no `WHERE TRUE`, so SQLite can still count from the b-tree).
 */
export function callerAccess(caller: Caller, minLevel: AccessLevel | null): CallerAccess {
  if (minLevel === null || caller.systemAdmin) return NO_RESTRICTION;
  const member = minLevel === 'read' ? ' OR g.id IN (SELECT id FROM caller_groups)' : '';
  return {
    with: fragment(`WITH RECURSIVE ${CALLER_GROUPS_CTE} `, [caller.userId]),
    visible: fragment(
      `(g.owner_id = ? OR g.id IN (SELECT s.group_id FROM group_shares s WHERE s.level >= ? AND (
        (s.principal_type = 'user' AND s.principal_id = ?)
        OR (s.principal_type = 'group' AND s.principal_id IN (SELECT id FROM caller_groups))))${member})`,
      [caller.userId, LEVEL_RANK[minLevel], caller.userId],
    ),
  };
}

/**
 * callerAccess's restriction in the shape a sorted, paged list needs: the groups shared with the
 * caller or that the caller belongs to are gathered first and looked up by id (`inPage`: Sql's
 * id-set lookup), so the database starts from the caller's few groups instead of testing each
 * of a million (PostgreSQL, 1M groups: 25–90 ms against 1.2–1.7 s, docs/admin-api.md).
 * Ownership stays a plain condition, so an owner of most groups still walks the list's index.
 */
export function callerAccessByIds(
  caller: Caller,
  minLevel: AccessLevel | null,
  inPage: (column: string, subquery: string) => string,
): CallerAccess {
  if (minLevel === null || caller.systemAdmin) return NO_RESTRICTION;
  const member = minLevel === 'read' ? ' UNION SELECT id FROM caller_groups' : '';
  const sharedOrMember = `SELECT s.group_id FROM group_shares s WHERE s.level >= ? AND (
        (s.principal_type = 'user' AND s.principal_id = ?)
        OR (s.principal_type = 'group' AND s.principal_id IN (SELECT id FROM caller_groups)))${member}`;
  return {
    with: fragment(`WITH RECURSIVE ${CALLER_GROUPS_CTE} `, [caller.userId]),
    visible: fragment(`(g.owner_id = ? OR ${inPage('g.id', sharedOrMember)})`, [
      caller.userId,
      LEVEL_RANK[minLevel],
      caller.userId,
    ]),
  };
}

/** The caller's share rank on `g` and whether they effectively belong to it, as two columns. */
export function callerStanding(caller: Caller): { with: SqlFragment; columns: SqlFragment } {
  return {
    with: fragment(`WITH RECURSIVE ${CALLER_GROUPS_CTE} `, [caller.userId]),
    columns: fragment(
      `(SELECT MAX(s.level) FROM group_shares s WHERE s.group_id = g.id AND (
            (s.principal_type = 'user' AND s.principal_id = ?)
            OR (s.principal_type = 'group' AND s.principal_id IN (SELECT id FROM caller_groups)))) AS share_rank,
         (SELECT COUNT(*) FROM caller_groups c WHERE c.id = g.id) AS is_member`,
      [caller.userId],
    ),
  };
}
