import type { Request } from 'express';
import { DomainErrorCode } from '../../domain/domain-error';
import {
  MAX_PUBLISHER_ID,
  publisherGroupId,
  publisherUserIds,
  publisherUserRefs,
  readPublisherGroup,
} from './publisher-body';
import { PublisherError } from './publisher-errors';

function request(contentType: string | undefined, body: unknown): Request {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  return {
    body,
    headers,
    is: (types: string[]) =>
      contentType && types.some((t) => contentType.startsWith(t.replace('*+', '')))
        ? contentType
        : false,
  } as unknown as Request;
}

function errorKey(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PublisherError) return error.key;
    throw error;
  }
  throw new Error('expected a PublisherError');
}

describe('readPublisherGroup', () => {
  it('reads the same group from JSON, unparsed JSON text and XML', () => {
    const expected = { name: 'A & B', users: [1, 2] };
    expect(readPublisherGroup(request('application/json', { group: expected }))).toEqual(expected);
    expect(readPublisherGroup(request(undefined, JSON.stringify({ group: expected })))).toEqual(
      expected,
    );
    expect(
      readPublisherGroup(
        request(
          'application/xml',
          '<group><name>A &amp; B</name><users><user>1</user><user>2</user></users></group>',
        ),
      ),
    ).toEqual({ name: 'A & B', users: ['1', '2'] });
  });

  it('tells an absent users element from an empty one', () => {
    expect(readPublisherGroup(request('text/xml', '<group><name>A</name></group>'))).toEqual({
      name: 'A',
    });
    expect(readPublisherGroup(request('text/xml', '<group><users/></group>'))).toEqual({
      users: [],
    });
    expect(
      readPublisherGroup(request('text/xml', '<group><users><user>7</user></users></group>')),
    ).toEqual({ users: ['7'] });
  });

  it.each([
    ['application/json', undefined],
    ['application/json', {}],
    ['application/json', { group: 'x' }],
    [undefined, '{"group":'],
    ['application/xml', ''],
    ['application/xml', '<group><name>x</group>'],
    ['application/xml', '<!DOCTYPE group><group><name>x</name></group>'],
    ['application/xml', '<other/>'],
  ])('refuses %s %j with ref 74', (type, body) => {
    expect(errorKey(() => readPublisherGroup(request(type, body)))).toBe('missingParameters');
  });

  it('refuses a name that is not text, with the reason', () => {
    for (const req of [
      request('application/json', { group: { name: 5 } }),
      request('application/xml', '<group><name><b>x</b></name></group>'),
    ]) {
      expect(() => readPublisherGroup(req)).toThrow(
        'Invalid parameter: name (The group name must be text)',
      );
    }
  });

  it('refuses users that are not a list', () => {
    expect(
      errorKey(() => readPublisherGroup(request('application/json', { group: { users: 1 } }))),
    ).toBe('invalidUsers');
    expect(
      errorKey(() => readPublisherGroup(request('text/xml', '<group><users>1</users></group>'))),
    ).toBe('invalidUsers');
  });
});

describe('user and group ids', () => {
  it('accepts positive integers and digit strings', () => {
    expect(publisherUserIds([1, '22', ' 3 '])).toEqual([1, 22, 3]);
    expect(publisherGroupId('15')).toBe(15);
  });

  it.each([[0], [-1], [1.5], ['1e3'], ['abc'], [null], ['a@b.c']])(
    'refuses %j as a user id',
    (u) => {
      expect(errorKey(() => publisherUserIds([u]))).toBe('invalidUsers');
    },
  );

  it('splits ids and e-mail addresses for PUT …/users', () => {
    expect(publisherUserRefs(['11', 'user@domain.com', 4])).toEqual({
      ids: [11, 4],
      emails: ['user@domain.com'],
    });
    expect(errorKey(() => publisherUserRefs(['bob']))).toBe('invalidUsers');
  });

  it('answers a group id beyond the id range as an unknown group', () => {
    expect(publisherGroupId(String(MAX_PUBLISHER_ID))).toBe(MAX_PUBLISHER_ID);
    expect(() => publisherGroupId(String(MAX_PUBLISHER_ID + 1))).toThrow(
      expect.objectContaining({
        code: DomainErrorCode.NotFound,
        details: expect.objectContaining({ entity: 'group' }),
      }),
    );
  });

  it('refuses a group id that is not a positive integer', () => {
    expect(errorKey(() => publisherGroupId('abc'))).toBe('invalidId');
    expect(errorKey(() => publisherGroupId('0'))).toBe('invalidId');
  });
});
