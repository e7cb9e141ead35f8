import { CUSTOM_GROUP_SCHEMA } from './usos-views';
import { UsosError } from './usos-errors';
import {
  FieldSelector,
  MAX_SELECTOR_DEPTH,
  parseFieldSelector,
  project,
  resolveProjection,
} from './usos-fields';

function plain(selector: FieldSelector | null): unknown {
  if (selector === null) return null;
  return Object.fromEntries([...selector].map(([k, v]) => [k, plain(v)]));
}

function thrown(fn: () => unknown): UsosError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsosError) return error;
    throw error;
  }
  throw new Error('expected a UsosError');
}

describe('usos field selectors', () => {
  it('parses flat and nested selectors', () => {
    expect(plain(parseFieldSelector('id|name'))).toEqual({ id: null, name: null });
    expect(
      plain(parseFieldSelector('id|users[id|first_name|last_name]|primary_groups[id|name]')),
    ).toEqual({
      id: null,
      users: { id: null, first_name: null, last_name: null },
      primary_groups: { id: null, name: null },
    });
    expect(plain(parseFieldSelector('a[b[c[d]]|e]'))).toEqual({
      a: { b: { c: { d: null } }, e: null },
    });
  });

  it('parses up to MAX_SELECTOR_DEPTH levels of nesting and refuses deeper ones', () => {
    const nested = (depth: number) => `${'a['.repeat(depth)}b${']'.repeat(depth)}`;
    expect(() => parseFieldSelector(nested(MAX_SELECTOR_DEPTH))).not.toThrow();
    expect(thrown(() => parseFieldSelector(nested(MAX_SELECTOR_DEPTH + 1))).body).toEqual({
      message: `Invalid field selector in fields: nested deeper than ${MAX_SELECTOR_DEPTH} levels.`,
      error: 'param_invalid',
      param_name: 'fields',
    });
  });

  it('merges repeated fields', () => {
    expect(plain(parseFieldSelector('id|users[id]|id|users[email]|users'))).toEqual({
      id: null,
      users: { id: null, email: null },
    });
  });

  it.each([
    ['', 'a field name is missing'],
    ['id|', 'a field name is missing'],
    ['|id', 'unexpected "|" at 0'],
    ['users[id', '"]" expected at 8'],
    ['users[]', 'unexpected "]" at 6'],
    ['id]', 'unexpected "]" at 2'],
    ['id name', 'unexpected " " at 2'],
    ['users[id]x', 'unexpected "x" at 9'],
  ])('refuses %j', (text, why) => {
    expect(thrown(() => parseFieldSelector(text)).body).toEqual({
      message: `Invalid field selector in fields: ${why}.`,
      error: 'param_invalid',
      param_name: 'fields',
    });
  });

  it('fills in the referenced method defaults for bare references', () => {
    const projection = resolveProjection(
      parseFieldSelector('name|users|custom_groups|primary_groups|emails'),
      CUSTOM_GROUP_SCHEMA,
    );
    expect(projection).toEqual([
      { name: 'name' },
      { name: 'users', sub: [{ name: 'id' }, { name: 'first_name' }, { name: 'last_name' }] },
      { name: 'custom_groups', sub: [{ name: 'id' }, { name: 'name' }] },
      { name: 'primary_groups', sub: [{ name: 'id' }, { name: 'name' }] },
      { name: 'emails' },
    ]);
  });

  it('names the unknown field and the method that owns it', () => {
    expect(
      thrown(() => resolveProjection(parseFieldSelector('id|foo'), CUSTOM_GROUP_SCHEMA)).body,
    ).toEqual({
      message: 'Field "foo" does not exist in services/csgroups/custom_group.',
      error: 'field_not_found',
      field_name: 'foo',
      method_name: 'services/csgroups/custom_group',
    });
    expect(
      thrown(() => resolveProjection(parseFieldSelector('users[id|pesel]'), CUSTOM_GROUP_SCHEMA))
        .body,
    ).toEqual({
      message: 'Field "pesel" does not exist in services/users/user.',
      error: 'field_not_found',
      field_name: 'pesel',
      method_name: 'services/users/user',
    });
  });

  it('refuses subfields on plain fields and secondary fields where only primary ones go', () => {
    expect(
      thrown(() => resolveProjection(parseFieldSelector('name[id]'), CUSTOM_GROUP_SCHEMA)).body,
    ).toEqual({
      message: 'Field "name" does not refer to subobjects; it takes no subfields.',
      error: 'field_invalid',
      field_name: 'name',
      method_name: 'services/csgroups/custom_group',
    });
    expect(
      thrown(() => resolveProjection(parseFieldSelector('id|users'), CUSTOM_GROUP_SCHEMA, true))
        .body,
    ).toEqual({
      message: 'Field "users" is secondary, but only primary fields are allowed here.',
      error: 'field_invalid',
      field_name: 'users',
      method_name: 'services/csgroups/custom_group',
    });
    expect(
      thrown(() =>
        resolveProjection(parseFieldSelector('custom_groups[id|emails]'), CUSTOM_GROUP_SCHEMA),
      ).body,
    ).toEqual({
      message: 'Field "emails" is secondary, but only primary fields are allowed here.',
      error: 'field_invalid',
      field_name: 'emails',
      method_name: 'services/csgroups/custom_group',
    });
    expect(
      thrown(() =>
        resolveProjection(parseFieldSelector('primary_groups[id|users]'), CUSTOM_GROUP_SCHEMA),
      ).body,
    ).toEqual({
      message: 'Field "users" does not exist in services/prgroups/primary_group.',
      error: 'field_not_found',
      field_name: 'users',
      method_name: 'services/prgroups/primary_group',
    });
  });

  it('does not treat Object.prototype names as fields', () => {
    expect(
      thrown(() => resolveProjection(parseFieldSelector('constructor'), CUSTOM_GROUP_SCHEMA)).body
        .error,
    ).toBe('field_not_found');
  });

  it('projects exactly the selected fields, in selector order', () => {
    const projection = resolveProjection(parseFieldSelector('name|id'), CUSTOM_GROUP_SCHEMA);
    expect(
      JSON.stringify(
        project(projection, { id: 1, name: 'x' }, { id: (g) => String(g.id), name: (g) => g.name }),
      ),
    ).toBe('{"name":"x","id":"1"}');
  });
});
