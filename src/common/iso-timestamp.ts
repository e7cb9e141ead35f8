import { fromUnixToISOString } from 'fast-iso-string';

/** 9999-12-31T23:59:59.999Z: after it, `toISOString` writes six-digit years. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

/**
 * `new Date(epochMs).toISOString()`, about 3.5× faster. A 200-group Civis page writes 400
 * timestamps and a 1000-member Jive list 2,000; the built-in made up 8 % of the Civis page's CPU.
 * fast-iso-string writes 1970–9999 exactly as the built-in does, but not instants before 1970
 * (nor six-digit years), so those keep the built-in, as does NaN (which still throws).
 */
export function isoTimestamp(epochMs: number): string {
  return epochMs >= 0 && epochMs <= LAST_FOUR_DIGIT_YEAR_MS
    ? fromUnixToISOString(epochMs)
    : new Date(epochMs).toISOString();
}
