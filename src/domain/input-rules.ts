import { DomainError } from './domain-error';

// Limits on what callers may hand the domain, whichever dialect they speak.

/**
 * Every stored string must be renderable by every dialect, and three of them speak XML 1.0,
 * which cannot carry C0 control characters other than tab, line feed and carriage return (nor
 * U+FFFE/U+FFFF); PostgreSQL cannot store U+0000 at all. Names are stricter: no control
 * characters whatsoever (C0, DEL, C1).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const CONTROL_CHARACTER = /\p{Cc}/u;

export const MAX_PROPERTY_NAME_LENGTH = 255;

/**
 * Items one call may name (ids, e-mail addresses). Lists become bound parameters, and SQLite
 * takes at most 32766 per statement; a member insert binds three per row.
 */
export const MAX_LIST_LENGTH = 5000;

export function assertListLength(values: readonly unknown[], param: string): void {
  if (values.length > MAX_LIST_LENGTH) {
    throw DomainError.invalid(param, `At most ${MAX_LIST_LENGTH} items may be given at once`);
  }
}

/** Free text (descriptions, property values): refuses what XML or PostgreSQL cannot hold. */
export function assertStorableText(value: string, param: string, label: string): void {
  if (NOT_XML_TEXT.test(value)) {
    throw DomainError.invalid(param, `The ${label} must not contain control characters`);
  }
}

/**
 * A name: non-blank, no leading or trailing whitespace (refused, never trimmed: a name is stored
 * and looked up exactly as sent), at most `maxLength` code points, no control characters.
 */
export function assertValidName(
  value: unknown,
  param: string,
  label: string,
  maxLength: number,
): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw DomainError.invalid(param, `The ${label} must not be empty`);
  }
  if (value !== value.trim()) {
    throw DomainError.invalid(param, `The ${label} must not begin or end with whitespace`);
  }
  if ([...value].length > maxLength) {
    throw DomainError.invalid(param, `The ${label} must be at most ${maxLength} characters`);
  }
  if (CONTROL_CHARACTER.test(value)) {
    throw DomainError.invalid(param, `The ${label} must not contain control characters`);
  }
}

/** A name that no stored group or property can have (lookups answer "not found" for it). */
export function isImpossibleName(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

/** Usernames are HTTP Basic user ids (Jive): no spaces, no ":". */
export function assertValidUsername(username: unknown): string {
  if (typeof username !== 'string' || !/^[^\s:]{1,255}$/u.test(username)) {
    throw DomainError.invalid(
      'username',
      'username must be 1–255 characters without spaces or ":"',
    );
  }
  return username;
}
