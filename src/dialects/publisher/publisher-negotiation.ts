import type { Request, Response } from 'express';
import { buildXml } from '../../common/xml-codec';
import { AppConfig } from '../../config/app-config';
import { PublisherDocument } from './publisher-views';

export type PublisherFormat = 'json' | 'xml';

const XML_TYPES = ['application/xml', 'text/xml', 'application/*+xml'];

/** By `Accept`; JSON when absent, a wildcard, or nothing we serve. */
export function publisherResponseFormat(req: Request): PublisherFormat {
  const best = req.accepts(['application/json', 'application/xml', 'text/xml']);
  return best === 'application/xml' || best === 'text/xml' ? 'xml' : 'json';
}

/** By `Content-Type`; JSON when absent. */
export function publisherRequestFormat(req: Request): PublisherFormat {
  return req.headers['content-type'] && req.is(XML_TYPES) ? 'xml' : 'json';
}

/**
 * Scheme, host and context of the links we emit: `PUBLIC_URL` when set, else the request's own
 * (express honours X-Forwarded-Proto/-Host only when TRUST_PROXY sets `trust proxy`).
 */
export function publisherBaseUrl(req: Request, config: AppConfig): string {
  if (config.publicUrl) return config.publicUrl;
  return `${req.protocol}://${req.host ?? 'localhost'}`;
}

/** Writes a document in the negotiated format. */
export function sendPublisherDocument(
  req: Request,
  res: Response,
  status: number,
  doc: PublisherDocument,
): void {
  res.status(status);
  if (publisherResponseFormat(req) === 'xml') {
    res.type('application/xml; charset=utf-8').send(buildXml(doc.xml));
  } else {
    res.json(doc.json);
  }
}
