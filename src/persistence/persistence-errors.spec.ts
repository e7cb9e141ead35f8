import {
  ForeignKeyViolation,
  TransientConflict,
  translateDriverError,
  UniqueViolation,
  ValueRefused,
} from './persistence-errors';

const driverError = (code: string, extra: object = {}) =>
  Object.assign(new Error('driver says no'), { code }, extra);

describe('translateDriverError', () => {
  it('names the columns of a refused unique key on both engines', () => {
    const pg = translateDriverError(
      driverError('23505', { detail: 'Key (slug)=(abc) already exists.' }),
    );
    expect(pg).toBeInstanceOf(UniqueViolation);
    expect((pg as UniqueViolation).columns).toEqual(['slug']);
    const sqlite = new Error('UNIQUE constraint failed: groups.name_key');
    const translated = translateDriverError(
      Object.assign(sqlite, { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
    );
    expect((translated as UniqueViolation).columns).toEqual(['name_key']);
  });

  it('types foreign keys, refused values and transient conflicts', () => {
    expect(translateDriverError(driverError('23503'))).toBeInstanceOf(ForeignKeyViolation);
    expect(translateDriverError(driverError('SQLITE_CONSTRAINT_FOREIGNKEY'))).toBeInstanceOf(
      ForeignKeyViolation,
    );
    for (const code of ['40001', '40P01', 'SQLITE_BUSY'])
      expect(translateDriverError(driverError(code))).toBeInstanceOf(TransientConflict);
    for (const code of ['22001', '22003', '22021', '22P05', '54000'])
      expect(translateDriverError(driverError(code))).toBeInstanceOf(ValueRefused);
  });

  it('leaves any other error as it is', () => {
    const other = driverError('XX000');
    expect(translateDriverError(other)).toBe(other);
  });
});
