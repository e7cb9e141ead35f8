import { UsosError } from './usos-errors';

/** A parsed `fields` selector: field name → its subfield selector (null when none was given). */
export type FieldSelector = Map<string, FieldSelector | null>;

/** Deeper than any selector csgroups can answer (two levels); bounds the parser's recursion. */
export const MAX_SELECTOR_DEPTH = 8;

/**
 * Parses `id|name|users[id|first_name]|primary_groups[id]` (nested up to MAX_SELECTOR_DEPTH).
 * Names repeat harmlessly: `users[id]|users[email]` merges into `users[id|email]`.
 */
export function parseFieldSelector(text: string, param = 'fields'): FieldSelector {
  let pos = 0;
  const fail = (why: string): never => {
    throw UsosError.paramInvalid(param, `Invalid field selector in ${param}: ${why}.`);
  };
  const parseList = (depth: number): FieldSelector => {
    const selector: FieldSelector = new Map();
    for (;;) {
      const start = pos;
      while (pos < text.length && /[A-Za-z0-9_]/.test(text[pos])) pos += 1;
      if (pos === start) {
        fail(pos < text.length ? `unexpected "${text[pos]}" at ${pos}` : 'a field name is missing');
      }
      const name = text.slice(start, pos);
      let sub: FieldSelector | null = null;
      if (text[pos] === '[') {
        if (depth + 1 > MAX_SELECTOR_DEPTH) fail(`nested deeper than ${MAX_SELECTOR_DEPTH} levels`);
        pos += 1;
        sub = parseList(depth + 1);
        if (text[pos] !== ']') fail(`"]" expected at ${pos}`);
        pos += 1;
      }
      selector.set(name, mergeSelectors(selector.get(name) ?? null, sub));
      if (text[pos] === '|') {
        pos += 1;
        continue;
      }
      if (pos === text.length || (depth > 0 && text[pos] === ']')) return selector;
      fail(`unexpected "${text[pos]}" at ${pos}`);
    }
  };
  return parseList(0);
}

function mergeSelectors(a: FieldSelector | null, b: FieldSelector | null): FieldSelector | null {
  if (a === null) return b;
  if (b === null) return a;
  const merged: FieldSelector = new Map(a);
  for (const [name, sub] of b) merged.set(name, mergeSelectors(merged.get(name) ?? null, sub));
  return merged;
}

/** What a USOS method returns, for checking selectors against. */
export interface ObjectSchema {
  /** The method that owns these fields, named in field errors. */
  method: string;
  /** Its `fields` default. */
  defaults: string;
  fields: Record<string, FieldSpec>;
}

export interface FieldSpec {
  primary: boolean;
  /** The field references objects of another method. */
  ref?: ObjectSchema;
  /** Only the referenced method's primary fields may be selected. */
  refPrimaryOnly?: boolean;
}

/** A checked selector, in requested order, with defaults filled in for bare references. */
export type Projection = Array<{ name: string; sub?: Projection }>;

/**
 * Checks a selector against a schema: unknown field → field_not_found; subfields on a plain
 * field, or a secondary field where only primary ones are allowed → field_invalid. A reference
 * without brackets gets the referenced method's default fields.
 */
export function resolveProjection(
  selector: FieldSelector,
  schema: ObjectSchema,
  primaryOnly = false,
): Projection {
  const projection: Projection = [];
  for (const [name, sub] of selector) {
    const spec = Object.hasOwn(schema.fields, name) ? schema.fields[name] : undefined;
    if (!spec) throw UsosError.fieldNotFound(name, schema.method);
    if (primaryOnly && !spec.primary) {
      throw UsosError.fieldInvalid(
        name,
        schema.method,
        `Field "${name}" is secondary, but only primary fields are allowed here.`,
      );
    }
    if (!spec.ref) {
      if (sub !== null) {
        throw UsosError.fieldInvalid(
          name,
          schema.method,
          `Field "${name}" does not refer to subobjects; it takes no subfields.`,
        );
      }
      projection.push({ name });
      continue;
    }
    const subSelector = sub ?? parseFieldSelector(spec.ref.defaults);
    projection.push({
      name,
      sub: resolveProjection(subSelector, spec.ref, spec.refPrimaryOnly ?? false),
    });
  }
  return projection;
}

/** Picks the projected fields of one object; references are rendered by their own getters. */
export function project<T>(
  projection: Projection,
  item: T,
  getters: Record<string, (item: T, sub: Projection) => unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, sub } of projection) out[name] = getters[name](item, sub ?? []);
  return out;
}
