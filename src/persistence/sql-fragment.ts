/** A piece of SQL with `?` placeholders and the values for them, in order. */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly unknown[];
}

export function fragment(text: string, params: readonly unknown[] = []): SqlFragment {
  return { text, params };
}

/**
 * Joins text and fragments into one statement whose parameters follow its placeholders: the
 * order is built, never counted by hand.
 */
export function joinSql(...parts: ReadonlyArray<string | SqlFragment>): SqlFragment {
  let text = '';
  const params: unknown[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
    } else {
      text += part.text;
      params.push(...part.params);
    }
  }
  return { text, params };
}

/** `a AND b AND c`; callers never pass an empty list. */
export function andSql(conditions: readonly SqlFragment[]): SqlFragment {
  return joinSql(...conditions.flatMap((c, i) => (i === 0 ? [c] : [' AND ', c])));
}
