import express from 'express';
import request from 'supertest';
import { ClassifiedError } from '../../common/dialect-error-renderer';
import { assignRequestId } from '../../common/request-id';
import { loadAppConfig } from '../../config/app-config';
import { DomainError } from '../../domain/domain-error';
import {
  PUBLISHER_ERRORS,
  publisherErrorSpec,
  PublisherErrorRenderer,
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

/** A bare express app whose only route renders the given failure (request ids as in the app). */
function appRendering(error: ClassifiedError) {
  const renderer = new PublisherErrorRenderer(loadAppConfig({}));
  return express()
    .use(assignRequestId)
    .get('/api/2/groups', (req, res) => renderer.render(error, req, res));
}

describe('PublisherErrorRenderer', () => {
  it.each(['json', 'xml'])(
    'answers an unexpected error with 500 ref 914 and no details (%s)',
    async (format) => {
      const res = await request(appRendering({ kind: 'internal', requestId: 'r-1' }))
        .get('/api/2/groups')
        .set('Host', 'example.com')
        .set('Accept', `application/${format}`)
        .set('X-Request-Id', 'r-1');
      expect(res.status).toBe(500);
      const link = 'http://example.com/api/2/error/r-1';
      if (format === 'json') {
        expect(res.body).toEqual({ error: { summary: 'Internal error', ref: 914, link } });
      } else {
        expect(res.text).toBe(
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
            `<error><summary>Internal error</summary><ref>914</ref><link>${link}</link></error>`,
        );
      }
    },
  );

  it('keeps the status of an unlisted client error under ref 913', async () => {
    const res = await request(appRendering({ kind: 'http', status: 415, message: 'charset' }))
      .get('/api/2/groups')
      .set('Host', 'example.com')
      .set('X-Request-Id', 'r-2');
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      error: {
        summary: 'Request rejected',
        ref: 913,
        link: 'http://example.com/api/2/error/r-2',
      },
    });
  });
});
