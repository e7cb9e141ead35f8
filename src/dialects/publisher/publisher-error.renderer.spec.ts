import express from 'express';
import request from 'supertest';
import { assignRequestId } from '../../common/request-id';
import { loadAppConfig } from '../../config/app-config';
import { ClassifiedError } from '../../common/dialect-error-renderer';
import { PublisherErrorRenderer } from './publisher-error.renderer';

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
