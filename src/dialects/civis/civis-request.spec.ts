import { CivisRequestError } from './civis-errors';
import { groupListQuery } from './civis-pagination';
import { bodyObject, groupAttributes, idListField, pathId, shareRequest } from './civis-request';

function invalid(fn: () => unknown): { param?: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof CivisRequestError) return { param: error.param, message: error.message };
    throw error;
  }
  throw new Error('expected a CivisRequestError');
}

describe('civis params', () => {
  it('reads snake_case, camelCase and Rails array keys', () => {
    expect(idListField({ 'user_ids[]': ['1', '2'] }, 'user_ids')).toEqual([1, 2]);
    expect(idListField({ 'user_ids[]': '7' }, 'user_ids')).toEqual([7]);
    expect(idListField({ userIds: [3] }, 'user_ids')).toEqual([3]);
    expect(idListField({}, 'user_ids')).toBeUndefined();
    expect(invalid(() => idListField({ user_ids: null }, 'user_ids'))).toEqual({
      param: 'user_ids',
      message: 'must not be null',
    });
  });

  it('create keeps absent attributes absent (domain defaults apply)', () => {
    expect(groupAttributes({ name: 'N', organization_id: 3, role_ids: null }, 'create')).toEqual({
      name: 'N',
      description: undefined,
      slug: undefined,
      organizationId: 3,
      defaultOtpRequiredForLogin: undefined,
      roleIds: [],
      defaultTimeZone: undefined,
      defaultJobsLabel: undefined,
      defaultNotebooksLabel: undefined,
      defaultServicesLabel: undefined,
    });
  });

  it('replace sets every absent optional attribute to null (roles to none)', () => {
    expect(groupAttributes({ name: 'N2', slug: 's' }, 'replace')).toEqual({
      name: 'N2',
      description: null,
      slug: 's',
      organizationId: null,
      defaultOtpRequiredForLogin: null,
      roleIds: [],
      defaultTimeZone: null,
      defaultJobsLabel: null,
      defaultNotebooksLabel: null,
      defaultServicesLabel: null,
    });
  });

  it('patch tells absent from null and has no name unless sent', () => {
    const patch = groupAttributes({ description: null, defaultTimeZone: 'UTC' }, 'patch');
    expect(patch).not.toHaveProperty('name');
    expect(patch).toMatchObject({ description: null, defaultTimeZone: 'UTC', slug: undefined });
  });

  it('booleans as Python prints them', () => {
    const q = (v: string) => groupListQuery({ include_members: v }).list.includeMembers;
    expect([q('True'), q('true'), q('False'), q('FALSE')]).toEqual([true, true, false, false]);
  });

  it('list defaults: read, by name ascending, 50 per page', () => {
    expect(groupListQuery({})).toEqual({
      list: {
        search: undefined,
        minLevel: 'read',
        organizationId: undefined,
        memberUserIds: undefined,
        includeMembers: false,
        sort: [{ field: 'name', direction: 'asc' }],
        limit: 50,
        offset: 0,
      },
      page: { limit: 50, pageNum: 1 },
    });
    expect(groupListQuery({ limit: '10', page_num: '3' }).list).toMatchObject({
      limit: 10,
      offset: 20,
    });
  });

  it('share requests, bodies and path ids', () => {
    expect(shareRequest({ group_ids: [4], permission_level: 'manage' }, 'group_ids')).toEqual({
      ids: [4],
      level: 'manage',
    });
    expect(bodyObject(undefined)).toEqual({});
    expect(invalid(() => bodyObject('text'))).toEqual({
      param: 'body',
      message: 'must be a JSON object',
    });
    expect(pathId('42', 'id')).toBe(42);
    expect(invalid(() => pathId('4e2', 'id')).param).toBe('id');
  });
});
