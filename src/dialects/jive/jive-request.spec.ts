import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import { JiveRequestError } from './jive-errors';
import {
  decodeFormSegment,
  optionalText,
  parseArguments,
  parseCount,
  parseId,
  parseXsBoolean,
  pathText,
  requiredObject,
} from './jive-request';

/** A dialect refusal names its Java class; a domain error its code. */
function failure(fn: () => unknown): { javaClass?: string; code?: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof JiveRequestError) {
      return { javaClass: error.javaClass, message: error.message };
    }
    const e = error as DomainError;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected a failure');
}

describe('jive request parsing', () => {
  it('matches the root by local name in any namespace and returns its children', () => {
    expect(parseArguments('<a:op xmlns:a="urn:x"><x>1</x><y/><z> t </z></a:op>', 'op')).toEqual({
      x: '1',
      y: '',
      z: ' t ',
    });
    expect(parseArguments('<op/>', 'op')).toEqual({});
  });

  it('refuses a non-string body, text-only roots and nested values where text is expected', () => {
    expect(failure(() => parseArguments(undefined, 'op'))).toEqual({
      javaClass: 'javax.xml.bind.UnmarshalException',
      message: 'Malformed XML: Start tag expected. (line 1)',
    });
    expect(failure(() => parseArguments('<op><n>a\u0000b</n></op>', 'op'))).toEqual({
      javaClass: 'javax.xml.bind.UnmarshalException',
      message: 'An invalid XML character (Unicode: 0x0) was found in the document.',
    });
    expect(failure(() => parseArguments('<op><constructor>x</constructor></op>', 'op'))).toEqual({
      javaClass: 'javax.xml.bind.UnmarshalException',
      message: expect.stringContaining('"constructor"'),
    });
    expect(failure(() => parseArguments('<op>text</op>', 'op')).message).toBe(
      '<op> must contain argument elements',
    );
    expect(failure(() => optionalText({ a: { b: '' } }, 'a')).message).toBe(
      '<a> must appear once and contain text only',
    );
    expect(failure(() => requiredObject({ group: 'x' }, 'group')).message).toBe(
      '<group> must appear once and contain elements',
    );
  });

  it('parses ids as Java longs; ids no row can have are NotFound for their entity', () => {
    expect(parseId('42', 'groupID', 'group')).toBe(42);
    expect(parseId('+0042', 'groupID', 'group')).toBe(42);
    expect(failure(() => parseId('4 2', 'groupID', 'group'))).toEqual({
      javaClass: 'java.lang.NumberFormatException',
      message: 'For input string: "4 2"',
    });
    expect(failure(() => parseId('9223372036854775808', 'userID', 'user')).message).toBe(
      'For input string: "9223372036854775808"',
    );
    expect(failure(() => parseId('9223372036854775807', 'userID', 'user'))).toEqual({
      code: DomainErrorCode.NotFound,
      message: 'User 9223372036854775807 not found',
    });
    expect(failure(() => parseId('2147483648', 'groupID', 'group')).code).toBe(
      DomainErrorCode.NotFound,
    );
    expect(parseId('2147483647', 'groupID', 'group')).toBe(2147483647);
  });

  it('parses paging counts as non-negative xs:int', () => {
    expect(parseCount('0', 'numResults')).toBe(0);
    expect(failure(() => parseCount('-1', 'numResults'))).toEqual({
      javaClass: 'java.lang.IllegalArgumentException',
      message: 'numResults must not be negative',
    });
  });

  it('reads xs:boolean', () => {
    expect([undefined, '', 'false', '0', 'true', '1'].map((v) => parseXsBoolean(v, 'b'))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(failure(() => parseXsBoolean('TRUE', 'b')).message).toBe(
      'b must be true, false, 1 or 0 (got "TRUE")',
    );
  });

  it('decodes a URLEncoder segment: + is a space, then %XX', () => {
    expect(decodeFormSegment('C%2B+Team%C3%B3', 'name')).toBe('C+ Teamó');
    expect(failure(() => decodeFormSegment('%E0%A4%A', 'name'))).toEqual({
      javaClass: 'java.lang.IllegalArgumentException',
      message: 'URLDecoder: Illegal escape in "%E0%A4%A"',
    });
    expect(failure(() => decodeFormSegment('a%00b', 'name')).message).toBe(
      'name must not contain U+0000, which XML cannot carry',
    );
  });

  it('refuses path strings holding characters XML cannot carry', () => {
    expect(pathText('a b\tc\u{1F600}', 'name')).toBe('a b\tc\u{1F600}');
    expect(failure(() => pathText('x\uFFFE', 'name'))).toEqual({
      javaClass: 'java.lang.IllegalArgumentException',
      message: 'name must not contain U+FFFE, which XML cannot carry',
    });
  });
});
