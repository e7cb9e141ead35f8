import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import { civisErrorBody } from './civis-errors';
import { civisMember, civisShareIndex } from './civis-views';

describe('civis views', () => {
  it('members: "First Last", upper-case initials, no presence or primary group', () => {
    expect(
      civisMember({
        id: 2,
        username: 'ada',
        firstName: 'ada',
        lastName: 'lovelace',
        email: null,
        active: false,
        isAdmin: false,
        organizationId: null,
        createdAt: 0,
        updatedAt: 0,
      }),
    ).toEqual({
      id: 2,
      name: 'ada lovelace',
      username: 'ada',
      initials: 'AL',
      online: null,
      email: null,
      primaryGroupId: null,
      active: false,
    });
  });

  it('initials take whole characters, also outside the BMP, and tolerate an empty last name', () => {
    const user = (firstName: string, lastName: string) =>
      civisMember({
        id: 1,
        username: 'u',
        firstName,
        lastName,
        email: null,
        active: true,
        isAdmin: false,
        organizationId: null,
        createdAt: 0,
        updatedAt: 0,
      });
    expect(user('\u{10428}ber', 'łoś')).toMatchObject({ initials: '\u{10400}Ł' });
    expect(user('Cher', '')).toMatchObject({ name: 'Cher', initials: 'C' });
  });

  it('ShareIndex: the owner leads the owners once, even when also shared with', () => {
    const index = civisShareIndex(
      {
        users: [
          { id: 1, name: 'Owner', level: 'read' },
          { id: 2, name: 'Admin', level: 'manage' },
          { id: 3, name: 'Reader', level: 'read' },
        ],
        groups: [{ id: 9, name: 'Team', level: 'write' }],
      },
      { id: 1, name: 'Owner' },
    );
    expect(index).toEqual({
      readers: { users: [{ id: 3, name: 'Reader' }], groups: [] },
      writers: { users: [], groups: [{ id: 9, name: 'Team' }] },
      owners: {
        users: [
          { id: 1, name: 'Owner' },
          { id: 2, name: 'Admin' },
        ],
        groups: [],
      },
      totalUserShares: 3,
      totalGroupShares: 1,
    });
  });

  it('errors: every domain code has a Civis body; params are named in snake_case', () => {
    const codes = Object.values(DomainErrorCode).map(
      (code) => civisErrorBody({ kind: 'domain', error: new DomainError(code, 'm') }).code,
    );
    expect(codes).toEqual([404, 409, 400, 403, 400, 403]);
    expect(
      civisErrorBody({
        kind: 'domain',
        error: DomainError.invalid('organizationId', 'bad'),
      }),
    ).toEqual({
      error: 'bad_request',
      errorDescription:
        'The given request was not as expected: Validation failed: organization_id: bad',
      code: 400,
    });
    expect(civisErrorBody({ kind: 'internal', requestId: 'r1' })).toEqual({
      error: 'internal_server_error',
      errorDescription: 'An unexpected error occurred (request r1).',
      code: 500,
    });
  });
});
