import { isoTimestamp } from './iso-timestamp';

const DAY_MS = 86_400_000;
const builtIn = (ms: number) => new Date(ms).toISOString();

describe('isoTimestamp', () => {
  it('writes the first and last millisecond of every day from 1970 to 2500 as toISOString does', () => {
    const mismatches: number[] = [];
    for (let start = 0; start < Date.UTC(2500, 0, 1); start += DAY_MS) {
      for (const ms of [start, start + DAY_MS - 1]) {
        if (isoTimestamp(ms) !== builtIn(ms)) mismatches.push(ms);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with toISOString on random instants up to the year 9999', () => {
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const mismatches: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const ms = Math.floor(Math.random() * (last + 1));
      if (isoTimestamp(ms) !== builtIn(ms)) mismatches.push(ms);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['the epoch', 0, '1970-01-01T00:00:00.000Z'],
    ['a leap day', Date.UTC(2000, 1, 29, 12, 34, 56, 7), '2000-02-29T12:34:56.007Z'],
    [
      'the last four-digit year',
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      '9999-12-31T23:59:59.999Z',
    ],
    ['a six-digit year', Date.UTC(10000, 0, 1), '+010000-01-01T00:00:00.000Z'],
    ['before 1970', -1, '1969-12-31T23:59:59.999Z'],
    ['a year before 1000', Date.UTC(999, 0, 1), '0999-01-01T00:00:00.000Z'],
    ['a fraction of a millisecond', 1_700_000_000_000.9, '2023-11-14T22:13:20.000Z'],
  ])('writes %s as toISOString does', (_, ms, expected) => {
    expect(isoTimestamp(ms)).toBe(expected);
    expect(isoTimestamp(ms)).toBe(builtIn(ms));
  });

  it('throws on NaN, as toISOString does', () => {
    expect(() => isoTimestamp(NaN)).toThrow(RangeError);
  });
});
