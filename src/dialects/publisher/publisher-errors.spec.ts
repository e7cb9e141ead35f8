import { DomainError } from '../../domain/domain-error';
import {
  PUBLISHER_ERRORS,
  publisherErrorSpec,
  publisherKeyForDomain,
  publisherKeyForHttp,
} from './publisher-errors';

describe('PUBLISHER_ERRORS', () => {
  it('gives every situation its own ref, and invented refs stay in the 9xx range', () => {
    const refs = Object.values(PUBLISHER_ERRORS).map((e) => e.ref);
    expect(new Set(refs).size).toBe(refs.length);
    const highq = [51, 53, 74, 75, 79, 80, 106, 107, 108, 123, 401];
    expect(refs.filter((r) => !highq.includes(r)).every((r) => r >= 900 && r < 1000)).toBe(true);
  });
});

describe('publisherKeyForDomain', () => {
  it.each([
    [DomainError.notFound('group', 1), 'groupNotFound'],
    [DomainError.notFound('user', [1, 2], 'users'), 'userNotFound'],
    [DomainError.notFound('organization', 3), 'organisationNotFound'],
    [DomainError.notFound('token', 'x'), 'resourceNotFound'],
    [DomainError.alreadyExists('group', 'A'), 'duplicateName'],
    [DomainError.invalid('name', 'empty'), 'invalidName'],
    [DomainError.invalid('users', 'bad'), 'invalidUsers'],
    [DomainError.invalid('userIds', 'too many'), 'invalidUsers'],
    [DomainError.invalid('emails', 'too many'), 'invalidUsers'],
    [DomainError.invalid('description', 'bad'), 'invalidParameter'],
    [DomainError.forbidden('no'), 'accessDenied'],
    [DomainError.cycle(1, 2), 'invalidParameter'],
    [DomainError.readOnly(), 'readOnly'],
  ])('maps %s to %s', (error, key) => {
    expect(publisherKeyForDomain(error)).toBe(key);
  });
});

describe('publisherKeyForHttp', () => {
  it.each([
    [400, 'missingParameters'],
    [401, 'notAuthorised'],
    [403, 'accessDenied'],
    [404, 'resourceNotFound'],
    [413, 'bodyTooLarge'],
    [415, 'requestRejected'],
    [503, 'internalError'],
  ])('maps %i to %s', (status, key) => {
    expect(publisherKeyForHttp(status)).toBe(key);
  });
});

describe('publisherErrorSpec', () => {
  it('names the parameter of the generic invalid-parameter error only', () => {
    expect(publisherErrorSpec('invalidParameter', { param: 'search' })).toEqual({
      status: 400,
      ref: 909,
      summary: 'Invalid parameter: search',
    });
    expect(publisherErrorSpec('invalidSort', { param: 'sort' }).summary).toBe(
      'Invalid parameter: sort',
    );
  });

  it('appends a reason in parentheses', () => {
    expect(publisherErrorSpec('invalidUsers', { reason: 'why' })).toEqual({
      status: 400,
      ref: 907,
      summary: 'Invalid parameter: users (why)',
    });
  });
});
