import { fromUnixToISOString } from 'fast-iso-string';

/** 9999-12-31T23:59:59.999Z: after it, `toISOString` writes six-digit years. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

/**
 * `new Date(epochMs).toISOString()`, faster: list pages write a timestamp per row and the
 * built-in showed in their profiles (docs/performance.md, "Figures behind rules in the code").
 * fast-iso-string writes 1970–9999 exactly as the built-in does, but not instants before 1970
 * (nor six-digit years), so those keep the built-in, as does NaN (which still throws).
 */
export function isoTimestamp(epochMs: number): string {
  return epochMs >= 0 && epochMs <= LAST_FOUR_DIGIT_YEAR_MS
    ? fromUnixToISOString(epochMs)
    : new Date(epochMs).toISOString();
}
