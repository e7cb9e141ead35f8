import { QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorCode } from '../domain/domain-error';
import { classifyError } from './dialect-error-renderer';

function queryFailed(code: string): QueryFailedError {
  return new QueryFailedError('INSERT …', [], Object.assign(new Error('pg says no'), { code }));
}

describe('classifyError', () => {
  it('turns values PostgreSQL refuses into InvalidArgument, not internal errors', () => {
    for (const code of ['22001', '22003', '22021', '22P05', '54000']) {
      const classified = classifyError(queryFailed(code), 'req-1');
      expect(classified.kind).toBe('domain');
      const error = (classified as { error: DomainError }).error;
      expect(error.code).toBe(DomainErrorCode.InvalidArgument);
    }
  });

  it('keeps every other database failure internal', () => {
    expect(classifyError(queryFailed('23505'), 'req-2')).toEqual({
      kind: 'internal',
      requestId: 'req-2',
    });
    expect(classifyError(new Error('boom'), 'req-3')).toEqual({
      kind: 'internal',
      requestId: 'req-3',
    });
  });
});
