import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import { civisErrorBody } from './civis-errors';
import { GroupView, UserView } from '../../domain/views';
import {
  civisGroup,
  civisGroupSummary,
  civisMember,
  civisShareIndex,
  civisSimpleUser,
} from './civis-views';

const userNamed = (firstName: string, lastName: string): UserView => ({
  id: 1,
  username: 'u',
  firstName,
  lastName,
  email: 'u@example.com',
  active: true,
  isAdmin: false,
  organizationId: null,
  createdAt: 0,
  updatedAt: 0,
});

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

  it('initials of edge-case names: empty, astral last name, lone surrogate, ß', () => {
    const initials = (first: string, last: string) => civisMember(userNamed(first, last)).initials;
    expect(initials('', '')).toBe('');
    expect(initials('', 'lovelace')).toBe('L');
    expect(initials('ada', '\u{1D49C}da')).toBe('A\u{1D49C}');
    expect(initials('\uD800x', 'y')).toBe('\uD800Y');
    expect(initials('\uDC00x', 'y')).toBe('\uDC00Y');
    expect(initials('ßen', 'ö')).toBe('SSÖ');
  });

  it('a member is the simple user plus management details, keys in wire order', () => {
    const user = userNamed('Grace', 'Hopper');
    expect(JSON.stringify(civisMember(user))).toBe(
      JSON.stringify({
        ...civisSimpleUser(user),
        email: user.email,
        primaryGroupId: null,
        active: true,
      }),
    );
    expect(Object.keys(civisMember(user))).toEqual([
      'id',
      'name',
      'username',
      'initials',
      'online',
      'email',
      'primaryGroupId',
      'active',
    ]);
  });

  it('GroupSummary and Group: keys in the order of the recorded responses', () => {
    const group: GroupView = {
      id: 7,
      name: 'Team',
      description: null,
      slug: 'team',
      organizationId: 3,
      organizationName: 'Org',
      federated: false,
      ownerId: 1,
      createdById: 1,
      updatedById: 2,
      createdAt: 0,
      updatedAt: 1000,
      activeMemberCount: 1,
      memberCount: 2,
      defaultOtpRequiredForLogin: null,
      defaultTimeZone: null,
      defaultJobsLabel: null,
      defaultNotebooksLabel: null,
      defaultServicesLabel: null,
      roleIds: [4],
    };
    const head = [
      'id',
      'name',
      'createdAt',
      'updatedAt',
      'description',
      'slug',
      'organizationId',
      'organizationName',
      'memberCount',
      'totalMemberCount',
    ];
    expect(Object.keys(civisGroupSummary(group))).toEqual([
      ...head,
      'lastUpdatedById',
      'createdById',
      'members',
    ]);
    const full = civisGroup(group, [userNamed('Ada', 'Lovelace')]);
    expect(Object.keys(full)).toEqual([
      ...head,
      'defaultOtpRequiredForLogin',
      'roleIds',
      'defaultTimeZone',
      'defaultJobsLabel',
      'defaultNotebooksLabel',
      'defaultServicesLabel',
      'lastUpdatedById',
      'createdById',
      'members',
    ]);
    expect(full).toMatchObject({
      createdAt: '1970-01-01T00:00:00.000Z',
      updatedAt: '1970-01-01T00:00:01.000Z',
      memberCount: 1,
      totalMemberCount: 2,
      lastUpdatedById: 2,
      members: [{ name: 'Ada Lovelace', initials: 'AL' }],
    });
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
