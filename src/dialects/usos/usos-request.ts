import type { Request } from 'express';
import { MAX_LIST_LENGTH } from '../../domain/input-rules';
import { UsosError } from './usos-errors';

/** Largest id the `integer` id columns hold on both engines (PostgreSQL would refuse more). */
const MAX_ID = 2_147_483_647;

/** The domain's cap, checked here too so that the error names the USOS parameter. */
export { MAX_LIST_LENGTH };

/** Splits a USOS pipe list; the empty string is the empty list. */
export function parseList(value: string): string[] {
  return value === '' ? [] : value.split('|');
}

/** `true` / `false` exactly, as USOS booleans are written. */
export function parseBoolean(param: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw UsosError.paramInvalid(param, `Parameter ${param} must be "true" or "false".`);
}

/**
 * Our numeric id for a USOS id string, or null when the string cannot name one of our groups or
 * users (USOS ids are strings: such an id is simply unknown, not malformed).
 */
export function toInternalId(value: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

/**
 * The request's parameters: query and body merged (body wins, like PHP's `$_REQUEST`), the last
 * of repeated names wins, unknown names are simply never read.
 */
export class UsosParams {
  private readonly values = new Map<string, unknown>();

  constructor(...sources: Array<Iterable<[string, unknown]>>) {
    for (const source of sources) for (const [name, value] of source) this.values.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The string value, undefined when absent; a nested (bracketed) value is invalid. */
  optional(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      throw UsosError.paramInvalid(name, `Parameter ${name} must be a plain string.`);
    return value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw UsosError.paramMissing(name);
    return value;
  }

  /** A pipe list, deduplicated in first-seen order; undefined when absent. */
  optionalList(name: string): string[] | undefined {
    const value = this.optional(name);
    return value === undefined ? undefined : distinctList(name, value);
  }

  requiredList(name: string): string[] {
    return distinctList(name, this.required(name));
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    return value === undefined ? fallback : parseBoolean(name, value);
  }
}

function distinctList(name: string, value: string): string[] {
  const items = [...new Set(parseList(value))];
  if (items.length > MAX_LIST_LENGTH) {
    throw UsosError.paramInvalid(
      name,
      `Parameter ${name} may list at most ${MAX_LIST_LENGTH} distinct items.`,
    );
  }
  return items;
}

/**
 * Name/value pairs of a parsed body. Repeated names arrive as arrays. A form's bracketed names
 * arrive as written (`a[b]` is just a name); multer nests them in multipart bodies (`{a: {b}}`),
 * kept as one structured value that `optional` refuses.
 */
export function bodyEntries(body: unknown): Array<[string, unknown]> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const out: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      for (const item of value) out.push([name, item]);
    } else {
      out.push([name, value]);
    }
  }
  return out;
}

export type UsosOutput =
  | { format: 'json' }
  | { format: 'jsonp'; callback: string }
  | { format: 'xmlmap2' | 'xmlmap' | 'xmlitems' };

const CALLBACK = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `format` and `callback`, checked before a method runs (a write must not happen first). */
export function parseOutputFormat(params: UsosParams): UsosOutput {
  const format = params.optional('format') ?? 'json';
  switch (format) {
    case 'json':
    case 'xmlmap2':
    case 'xmlmap':
    case 'xmlitems':
      return { format };
    case 'jsonp': {
      const callback = params.required('callback');
      if (!CALLBACK.test(callback)) {
        throw UsosError.paramInvalid(
          'callback',
          'Parameter callback must be a JavaScript identifier ([A-Za-z_][A-Za-z0-9_]*).',
        );
      }
      return { format, callback };
    }
    default:
      throw UsosError.paramInvalid(
        'format',
        'Parameter format must be one of: json, jsonp, xmlmap2, xmlmap, xmlitems.',
      );
  }
}

/** A USOS method's parameters: the query string and a form body, merged (the guard refuses any other body). */
export function usosParams(req: Request): UsosParams {
  const rawQuery = req.originalUrl.split(/\?(.*)/s)[1] ?? '';
  const form = req.is('application/x-www-form-urlencoded');
  return new UsosParams(new URLSearchParams(rawQuery), form ? bodyEntries(req.body) : []);
}
