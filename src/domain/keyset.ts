import { DomainError } from './domain-error';

/** The most items one directory page holds (the default is DEFAULT_PAGE_SIZE). */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Directory totals are counted up to this many rows and no further: an exact count of a
 * million-row match costs a full index scan on every page, a capped one costs at most this.
 */
export const COUNT_CAP = 10_000;

/** Where the previous page ended: the sort key of its last item, ties broken by id. */
export type KeysetPosition = readonly [string | number, number] | readonly [number];

/** A page of a directory list, read by keyset (no OFFSET: a deep page costs what the first does). */
export interface KeysetPage<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Matching items, counted up to COUNT_CAP. */
  total: number;
  /** False when `total` stopped at COUNT_CAP. */
  totalExact: boolean;
}

export interface PageRequest {
  cursor?: string;
  limit?: number;
}

/** An opaque, URL-safe cursor: the position, as JSON, in base64url. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor of the given shape (`['string', 'number']` for a name-then-id position). */
export function decodeCursor<P extends KeysetPosition>(
  raw: string,
  shape: ReadonlyArray<'string' | 'number'>,
): P {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const valid =
    Array.isArray(position) &&
    position.length === shape.length &&
    shape.every((type, i) =>
      type === 'number' ? Number.isSafeInteger(position[i]) : typeof position[i] === 'string',
    );
  if (!valid) throw DomainError.invalid('cursor', 'cursor is not one this server handed out');
  return position as P;
}

/**
 * Builds the page from up to `size + 1` rows read in order, and the capped count.
 * `positionOf` gives the keyset position of an item, for the next cursor.
 */
export function toKeysetPage<T>(
  rows: T[],
  size: number,
  counted: number,
  positionOf: (item: T) => KeysetPosition,
): KeysetPage<T> {
  const more = rows.length > size;
  const items = more ? rows.slice(0, size) : rows;
  return {
    items,
    nextCursor: more ? encodeCursor(positionOf(items[items.length - 1])) : null,
    total: Math.min(counted, COUNT_CAP),
    totalExact: counted <= COUNT_CAP,
  };
}

/**
 * The first string after every string that starts with `prefix` in code-point order: the
 * prefix with its last code point incremented. `key >= prefix AND key < upper` is then exactly
 * "starts with", and an index range on both engines.
 */
export function prefixUpperBound(prefix: string): string {
  const points = [...prefix];
  const last = points.pop()!.codePointAt(0)!;
  // Past the surrogate block, which no string holds on its own.
  const next = last === 0xd7ff ? 0xe000 : last + 1;
  return points.join('') + String.fromCodePoint(Math.min(next, 0x10ffff));
}
