import { DomainError, DomainErrorCode } from '../domain/domain-error';
import { UniqueViolation } from '../persistence/persistence-errors';
import { classifyError, DialectRequestError } from './dialect-error-renderer';

describe('classifyError', () => {
  it('passes domain errors through', () => {
    const error = DomainError.invalid('name', 'bad');
    expect(classifyError(error, 'req-1')).toEqual({ kind: 'domain', error });
    expect(error.code).toBe(DomainErrorCode.InvalidArgument);
  });

  it('keeps every database failure the domain did not map internal', () => {
    expect(classifyError(new UniqueViolation(['slug'], new Error('dup')), 'req-2')).toEqual({
      kind: 'internal',
      requestId: 'req-2',
    });
    expect(classifyError(new Error('boom'), 'req-3')).toEqual({
      kind: 'internal',
      requestId: 'req-3',
    });
  });

  it("keeps a dialect's own request error as it is", () => {
    class ProbeRequestError extends DialectRequestError {}
    const error = new ProbeRequestError('bad parameter');
    expect(classifyError(error, 'req-4')).toEqual({ kind: 'dialect', error });
  });
});
