import { UsosError } from './usos-errors';
import {
  bodyEntries,
  MAX_LIST_LENGTH,
  parseBoolean,
  parseList,
  toInternalId,
  UsosParams,
} from './usos-request';

function thrown(fn: () => unknown): UsosError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsosError) return error;
    throw error;
  }
  throw new Error('expected a UsosError');
}

describe('usos params', () => {
  it('splits pipe lists; the empty string is the empty list', () => {
    expect(parseList('')).toEqual([]);
    expect(parseList('1|2|3')).toEqual(['1', '2', '3']);
    expect(parseList('a b')).toEqual(['a b']);
    expect(parseList('1||2')).toEqual(['1', '', '2']);
  });

  it('accepts exactly true/false', () => {
    expect(parseBoolean('strict', 'true')).toBe(true);
    expect(parseBoolean('strict', 'false')).toBe(false);
    for (const bad of ['TRUE', '1', '', 'yes']) {
      expect(thrown(() => parseBoolean('strict', bad)).body).toEqual({
        message: 'Parameter strict must be "true" or "false".',
        error: 'param_invalid',
        param_name: 'strict',
      });
    }
  });

  it('maps only canonical integer ids in the integer range', () => {
    expect(toInternalId('13')).toBe(13);
    expect(toInternalId('2147483647')).toBe(2147483647);
    expect(toInternalId('2147483648')).toBeNull();
    expect(toInternalId('013')).toBeNull();
    expect(toInternalId('0')).toBeNull();
    expect(toInternalId('-1')).toBeNull();
    expect(toInternalId('1e3')).toBeNull();
    expect(toInternalId('')).toBeNull();
  });

  it('merges sources, later sources and later repeats winning', () => {
    const params = new UsosParams(
      new URLSearchParams('a=1&b=q&b=q2'),
      bodyEntries({ a: '2', c: ['x', 'y'] }),
    );
    expect(params.optional('a')).toBe('2');
    expect(params.optional('b')).toBe('q2');
    expect(params.optional('c')).toBe('y');
    expect(params.optional('missing')).toBeUndefined();
    expect(params.has('a')).toBe(true);
  });

  it('reads required values, lists (deduplicated) and booleans', () => {
    const params = new UsosParams(
      new URLSearchParams('ids=3|1|3&empty=&strict=false&nested[x]=1'),
      bodyEntries({ nested: { x: '1' } }),
    );
    expect(params.requiredList('ids')).toEqual(['3', '1']);
    expect(params.optionalList('empty')).toEqual([]);
    expect(params.optionalList('absent')).toBeUndefined();
    expect(params.boolean('strict', true)).toBe(false);
    expect(params.boolean('absent', true)).toBe(true);
    expect(thrown(() => params.required('name')).body).toEqual({
      message: 'Required parameter name is missing.',
      error: 'param_missing',
      param_name: 'name',
    });
    expect(thrown(() => params.optional('nested')).body).toEqual({
      message: 'Parameter nested must be a plain string.',
      error: 'param_invalid',
      param_name: 'nested',
    });
  });

  it('accepts at most MAX_LIST_LENGTH distinct list items', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => String(i)).join('|');
    const params = new UsosParams(
      new URLSearchParams({ ok: list(MAX_LIST_LENGTH), long: list(MAX_LIST_LENGTH + 1) }),
      [['repeats', `${list(MAX_LIST_LENGTH)}|0|1`]],
    );
    expect(params.requiredList('ok')).toHaveLength(MAX_LIST_LENGTH);
    expect(params.optionalList('repeats')).toHaveLength(MAX_LIST_LENGTH);
    for (const read of [() => params.requiredList('long'), () => params.optionalList('long')]) {
      expect(thrown(read).body).toEqual({
        message: `Parameter long may list at most ${MAX_LIST_LENGTH} distinct items.`,
        error: 'param_invalid',
        param_name: 'long',
      });
    }
  });

  it('reads no entries from a body that is not a parsed form', () => {
    expect(bodyEntries(undefined)).toEqual([]);
    expect(bodyEntries('text')).toEqual([]);
  });
});
