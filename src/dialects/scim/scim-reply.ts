import type { Request, Response } from 'express';
import { SCIM_CONTENT_TYPE } from './scim-errors';
import { ScimReply } from './scim-mapper.service';

/**
 * Writes one resource: its ETag (RFC 7644 §3.14), `Location` on 201, 304 when If-None-Match
 * names the current version, 204 when there is no body to send.
 */
export function sendScim(req: Request, res: Response, status: number, reply: ScimReply): void {
  if (reply.version) res.setHeader('ETag', reply.version);
  if (!reply.resource) {
    res.removeHeader('Content-Type');
    res.status(204).end();
    return;
  }
  const location = (reply.resource.meta as { location?: string } | undefined)?.location;
  if (status === 201 && location) res.setHeader('Location', location);
  const unchanged = req.get('if-none-match');
  if (status === 200 && req.method === 'GET' && reply.version && unchanged) {
    const tags = unchanged.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes('*') || tags.includes(reply.version.replace(/^W\//, ''))) {
      res.status(304).end();
      return;
    }
  }
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(reply.resource));
}
