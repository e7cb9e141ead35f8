import { parse } from 'scim2-parse-filter';
import {
  compileGroupFilter,
  compileUserFilter,
} from '../../domain/repositories/directory.repository';
import { ScimRequestError } from './scim-errors';
import {
  canonical,
  canonicalPath,
  groupChanges,
  groupFilter,
  patchOperations,
  userFilter,
} from './scim-request';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('SCIM filters → the directory filter → SQL', () => {
  it('compiles a user filter to parameterised SQL on indexed expressions', () => {
    const filter = userFilter(
      parse(
        'UserName eq "Ann" and (emails[type eq "work" and value co "x%"] or not (active eq false))',
      ),
    );
    expect(compileUserFilter(filter)).toEqual({
      sql:
        '(LOWER(u.username) = LOWER(?) AND (u.id IN (SELECT e.user_id FROM user_emails e WHERE ' +
        "(LOWER(e.type) = LOWER(?) AND LOWER(e.value) LIKE LOWER(?) ESCAPE '\\')) OR NOT u.active = ?))",
      params: ['Ann', 'work', '%x\\%%', false],
    });
  });

  it('compiles group names against the folded name key and members against the member index', () => {
    const filter = groupFilter(parse('displayName eq "Ünïcode" and members[value eq "user-7"]'));
    expect(compileGroupFilter(filter)).toEqual({
      sql: '(g.name_key = ? AND g.id IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id = ?))',
      params: ['ünïcode', 7],
    });
  });

  it('reads ids of the other kind, and unparsable ids, as matching nothing', () => {
    expect(compileUserFilter(userFilter(parse('id eq "group-3"')))).toEqual({
      sql: 'NOT u.id IS NOT NULL',
      params: [],
    });
    expect(compileGroupFilter(groupFilter(parse('members.value eq "nobody"')))).toEqual({
      sql: 'NOT g.id IS NOT NULL',
      params: [],
    });
  });

  it('refuses attributes it cannot filter on, as invalidFilter', () => {
    expect(() => userFilter(parse('title eq "x"'))).toThrow(
      expect.objectContaining({ scimType: 'invalidFilter' }) as ScimRequestError,
    );
    expect(() => compileUserFilter(userFilter(parse('userName gt 5')))).toThrow(
      'username compares with a string',
    );
  });
});

describe('SCIM attribute names', () => {
  it('canonicalises names in any case and drops unknown ones', () => {
    expect(
      canonical({
        USERNAME: 'a',
        Emails: [{ Value: 'a@x.org', PRIMARY: true, junk: 1 }],
        adreses: [],
        'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { Department: 'D' },
      }),
    ).toEqual({
      userName: 'a',
      emails: [{ value: 'a@x.org', primary: true }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'D' },
    });
  });

  it('canonicalises PATCH paths outside quoted values', () => {
    expect(canonicalPath('Emails[Type eq "Work"].VALUE')).toBe('emails[type eq "Work"].value');
    expect(canonicalPath('urn:ietf:params:scim:schemas:core:2.0:User:Name.GivenName')).toBe(
      'name.givenName',
    );
  });
});

describe('SCIM group PATCH → directory changes', () => {
  const ops = (...operations: object[]) =>
    groupChanges(patchOperations({ schemas: [PATCH_OP], Operations: operations }));

  it('translates the Entra ID and Okta forms', () => {
    expect(
      ops(
        { op: 'Add', path: 'members', value: [{ value: 'user-1' }, { value: 'group-2' }] },
        { op: 'Remove', path: 'members', value: [{ value: 'user-3' }] },
        { op: 'remove', path: 'members[value eq "user-4" or value eq "group-5"]' },
        { op: 'replace', value: { id: 'group-9', DisplayName: 'New', externalId: 'e' } },
        { op: 'remove', path: 'members' },
      ),
    ).toEqual([
      { kind: 'addMembers', userIds: [1], groupIds: [2] },
      { kind: 'removeMembers', userIds: [3], groupIds: [] },
      { kind: 'removeMembers', userIds: [4], groupIds: [5] },
      { kind: 'rename', name: 'New' },
      { kind: 'setExternalId', externalId: 'e' },
      { kind: 'replaceMembers', userIds: [], groupIds: [] },
    ]);
  });

  it('refuses what a group does not have', () => {
    expect(() => ops({ op: 'replace', path: 'title', value: 'x' })).toThrow(
      'title is not an attribute of a Group',
    );
    expect(() => ops({ op: 'remove', path: 'displayName' })).toThrow(
      'displayName is required and cannot be removed',
    );
  });
});
