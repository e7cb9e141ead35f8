/** What a caller may do on a group. Ordered: each level includes the ones before it. */
export type AccessLevel = 'read' | 'write' | 'manage';

/**
 * What an operation demands: any authenticated caller (directory-style reads, e.g. Jive), a level
 * on the group, or a system administrator.
 */
export type AccessRequirement = 'any' | AccessLevel | 'system';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['read', 'write', 'manage'];

/** Shares are stored as ranks so SQL can take MAX(). */
export const LEVEL_RANK: Record<AccessLevel, number> = { read: 1, write: 2, manage: 3 };

export function levelFromRank(rank: number | null | undefined): AccessLevel | null {
  return rank ? (ACCESS_LEVELS[rank - 1] ?? null) : null;
}

export function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

export function satisfies(level: AccessLevel | null, required: AccessLevel): boolean {
  return level !== null && LEVEL_RANK[level] >= LEVEL_RANK[required];
}
