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

/** Invisible characters that make look-alike names: zero-width ones, soft hyphen, BOM. */
const ZERO_WIDTH = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/u;
/** Bidirectional controls: they reorder what a reader sees ("\u202eStaff" shows as "ffatS"). */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * A group name as stored: valid (see assertValidName: no whitespace at either end), in Unicode
 * NFC, and free of what makes two names look alike while differing — zero-width and
 * bidirectional control characters — which are refused rather than silently removed, so the
 * caller learns that the name it sent is not the one that would be stored.
 */
export function normaliseName(value: unknown, param: string, label: string, maxLength: number) {
  assertValidName(value, param, label, maxLength);
  if (ZERO_WIDTH.test(value) || BIDI_CONTROL.test(value)) {
    throw DomainError.invalid(
      param,
      `The ${label} must not contain zero-width or bidirectional control characters`,
    );
  }
  return value.normalize('NFC');
}

/**
 * The key names are unique by: compatibility-normalised (NFKC: "ﬁ" = "fi", full-width "Ｓ" =
 * "S") and case-folded. JavaScript has no case folding; lower(upper(lower(x))) also folds what
 * lower-casing alone leaves apart ("ß" = "ss", "ſ" = "s", final "ς" = "σ").
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
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
