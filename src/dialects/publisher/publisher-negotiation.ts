import { parse as parseMediaType } from 'content-type';
import type { Request, Response } from 'express';
import Negotiator from 'negotiator';
import { buildXml } from '../../common/xml-codec';
import { AppConfig } from '../../config/app-config';
import { PublisherDocument } from './publisher-views';

export type PublisherFormat = 'json' | 'xml';

const XML_TYPES = ['application/xml', 'text/xml', 'application/*+xml'];

/**
 * An `Accept` header's media ranges with only their q-values. Negotiator, like express's
 * `req.accepts`, would match `application/xml; charset=UTF-8` only against an offer carrying the
 * same parameters; for Publisher a range's parameters (charset, version…) do not change the
 * format, so a range with parameters negotiates like the bare one.
 */
function rangesWithoutParameters(accept: string): string {
  const ranges: string[] = [];
  for (let index = 0; index < accept.length;) {
    const range = parseMediaType(accept, { comma: true, start: skipSpaces(accept, index) });
    const q = range.parameters.q;
    ranges.push(q === undefined ? range.type : `${range.type};q=${q}`);
    index = range.index + 1;
  }
  return ranges.join(', ');
}

function skipSpaces(text: string, index: number): number {
  while (text[index] === ' ' || text[index] === '\t') index++;
  return index;
}

/** By `Accept` (q-values honoured); JSON when absent, a wildcard, or nothing we serve. */
export function publisherResponseFormat(req: Request): PublisherFormat {
  const accept = req.headers.accept;
  const negotiator = new Negotiator({
    headers: { accept: accept === undefined ? undefined : rangesWithoutParameters(accept) },
  });
  const best = negotiator.mediaType(['application/json', 'application/xml', 'text/xml']);
  return best === 'application/xml' || best === 'text/xml' ? 'xml' : 'json';
}

/** By `Content-Type`, whatever its parameters (type-is compares the bare type); JSON when absent. */
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
