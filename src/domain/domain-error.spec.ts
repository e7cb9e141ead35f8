import { translateDriverError, UniqueViolation } from '../persistence/persistence-errors';
import { DomainError, DomainErrorCode, refusedValueAsInvalid } from './domain-error';

const driverError = (code: string) => Object.assign(new Error('driver says no'), { code });

describe('refusedValueAsInvalid', () => {
  it('turns values the database refuses into InvalidArgument, and nothing else', () => {
    const invalid = refusedValueAsInvalid(translateDriverError(driverError('22001')));
    expect(invalid).toBeInstanceOf(DomainError);
    expect((invalid as DomainError).code).toBe(DomainErrorCode.InvalidArgument);
    expect((invalid as DomainError).message).toBe('A value is too long');
    const unique = new UniqueViolation(['slug'], undefined);
    expect(refusedValueAsInvalid(unique)).toBe(unique);
  });
});
