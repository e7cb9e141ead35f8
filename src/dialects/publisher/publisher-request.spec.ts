import type { Request } from 'express';
import { DomainErrorCode } from '../../domain/domain-error';
import { PublisherError } from './publisher-errors';
import { PUBLISHER_FULL_FIELDS, PUBLISHER_SUMMARY_FIELDS } from './publisher-views';
import {
  MAX_PUBLISHER_ID,
  parsePublisherDateFilter,
  parsePublisherFields,
  parsePublisherListQuery,
  parsePublisherSort,
  publisherGroupId,
  publisherUserIds,
  publisherUserRefs,
  readPublisherGroup,
} from './publisher-request';

const NOW = Date.UTC(2026, 2, 31, 12, 30, 0, 0); // 31 Mar 2026 12:30 UTC

function errorKey(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PublisherError) return error.key;
    throw error;
  }
  throw new Error('expected a PublisherError');
}

describe('parsePublisherSort', () => {
  it('reads signed keys in order', () => {
    expect(parsePublisherSort('-name,+created,+updated')).toEqual([
      { field: 'name', direction: 'desc' },
      { field: 'createdAt', direction: 'asc' },
      { field: 'updatedAt', direction: 'asc' },
    ]);
  });

  it('treats a leading space (an unencoded +) as ascending', () => {
    expect(parsePublisherSort(' created,-Name')).toEqual([
      { field: 'createdAt', direction: 'asc' },
      { field: 'name', direction: 'desc' },
    ]);
  });

  it('reads a key after a comma and whitespace by its own sign', () => {
    expect(parsePublisherSort('-name, +updated')).toEqual([
      { field: 'name', direction: 'desc' },
      { field: 'updatedAt', direction: 'asc' },
    ]);
  });

  it.each(['name', '', ' ', '-', '-size', '+name,', '*name', '-name,+name', '+-name'])(
    'refuses %j with ref 79',
    (raw) => {
      expect(errorKey(() => parsePublisherSort(raw))).toBe('invalidSort');
    },
  );
});

describe('parsePublisherDateFilter', () => {
  it('reads an inclusive range of whole UTC days', () => {
    expect(parsePublisherDateFilter('20170801,20171004', NOW)).toEqual({
      from: Date.UTC(2017, 7, 1),
      to: Date.UTC(2017, 9, 5) - 1,
    });
  });

  it('accepts a one-day range', () => {
    expect(parsePublisherDateFilter('20260331,20260331', NOW)).toEqual({
      from: Date.UTC(2026, 2, 31),
      to: Date.UTC(2026, 3, 1) - 1,
    });
  });

  it('reads lastweek, lastmonth and lastyear (any case) as "since then"', () => {
    expect(parsePublisherDateFilter('lastweek', NOW)).toEqual({ from: NOW - 7 * 86_400_000 });
    expect(parsePublisherDateFilter('LastMonth', NOW)).toEqual({
      // 31 February does not exist: the month's last day, not a roll-over into March.
      from: Date.UTC(2026, 1, 28, 12, 30),
    });
    expect(parsePublisherDateFilter('lastyear', NOW)).toEqual({
      from: Date.UTC(2025, 2, 31, 12, 30),
    });
  });

  it.each([
    [Date.UTC(2026, 0, 15, 8, 0, 0, 5), 'lastmonth', Date.UTC(2025, 11, 15, 8, 0, 0, 5)],
    [Date.UTC(2024, 1, 29, 23, 59), 'lastyear', Date.UTC(2023, 1, 28, 23, 59)],
    [Date.UTC(2024, 4, 31), 'lastmonth', Date.UTC(2024, 3, 30)],
  ])('counts calendar months back from %i (%s)', (now, raw, from) => {
    expect(parsePublisherDateFilter(raw, now)).toEqual({ from });
  });

  it.each([
    'yesterday',
    '2017080,20171004',
    '20170230,20170301',
    '20171004,20170801',
    '20170801',
    '',
  ])('refuses %j', (raw) => {
    expect(parsePublisherDateFilter(raw, NOW)).toBeNull();
  });
});

describe('parsePublisherFields', () => {
  it('defaults to the summary and maps all to the full object', () => {
    expect(parsePublisherFields(undefined)).toEqual(PUBLISHER_SUMMARY_FIELDS);
    expect(parsePublisherFields('all')).toEqual(PUBLISHER_FULL_FIELDS);
  });

  it('keeps listed fields once, in canonical order', () => {
    expect(parsePublisherFields('users, Name,id,name')).toEqual(['id', 'name', 'users']);
  });

  it.each(['', 'id,size', 'id,'])('refuses %j', (raw) => {
    expect(errorKey(() => parsePublisherFields(raw))).toBe('invalidFields');
  });
});

describe('parsePublisherListQuery', () => {
  it('uses the defaults', () => {
    expect(parsePublisherListQuery({}, NOW)).toEqual({
      query: {
        search: undefined,
        sort: undefined,
        limit: 200,
        offset: 0,
        includeMembers: false,
      },
      fields: PUBLISHER_SUMMARY_FIELDS,
      limit: 200,
      offset: 0,
    });
  });

  it('maps every parameter, names case-insensitive, createdDateTime as an alias', () => {
    expect(
      parsePublisherListQuery(
        {
          SEARCH: ' corp ',
          Sort: '-name, created',
          fields: 'all',
          LIMIT: '5',
          offset: '10',
          createdDateTime: '20170801,20171004',
          modifieddate: 'lastweek',
        },
        NOW,
      ),
    ).toEqual({
      query: {
        search: 'corp',
        sort: [
          { field: 'name', direction: 'desc' },
          { field: 'createdAt', direction: 'asc' },
        ],
        limit: 5,
        offset: 10,
        includeMembers: true,
        created: { from: Date.UTC(2017, 7, 1), to: Date.UTC(2017, 9, 5) - 1 },
        updated: { from: NOW - 7 * 86_400_000 },
      },
      fields: PUBLISHER_FULL_FIELDS,
      limit: 5,
      offset: 10,
    });
  });

  it('serves up to 1000 per page', () => {
    expect(parsePublisherListQuery({ limit: '1000' }, NOW).limit).toBe(1000);
  });

  it('names a repeated search in the summary', () => {
    expect(() => parsePublisherListQuery({ search: ['a', 'b'] }, NOW)).toThrow(
      'Invalid parameter: search',
    );
  });

  it.each([
    [{ limit: '1001' }, 'invalidLimit'],
    [{ limit: '10000000000' }, 'invalidLimit'],
    [{ offset: '10000000000' }, 'invalidOffset'],
    [{ limit: '0' }, 'invalidLimit'],
    [{ limit: '-1' }, 'invalidLimit'],
    [{ limit: 'ten' }, 'invalidLimit'],
    [{ limit: ['1', '2'] }, 'invalidLimit'],
    [{ offset: '-1' }, 'invalidOffset'],
    [{ offset: '1.5' }, 'invalidOffset'],
    [{ sort: 'name' }, 'invalidSort'],
    [{ fields: 'colour' }, 'invalidFields'],
    [{ createdDate: 'soon' }, 'invalidCreatedDate'],
    [{ createdDate: 'lastweek', createdDateTime: 'lastweek' }, 'invalidCreatedDate'],
    [{ ModifiedDate: '2017,2018' }, 'invalidModifiedDate'],
  ])('refuses %j with %s', (raw, key) => {
    expect(errorKey(() => parsePublisherListQuery(raw, NOW))).toBe(key);
  });
});

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
