import { UnsupportedMediaTypeException } from '@nestjs/common';
import { raw } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeXmlBody, XmlRejectedError } from './xml-codec';

/**
 * Reads XML bodies as bytes and decodes them as XML does (`decodeXmlBody`: the Content-Type's
 * charset, else a byte-order mark, else the declaration's `encoding`, else UTF-8), so handlers
 * receive text. body-parser's text parser would decode by the Content-Type alone and read
 * `<?xml version="1.0" encoding="ISO-8859-1"?>` as UTF-8. An encoding we cannot decode is a 415,
 * as body-parser answers for other bodies; each dialect renders it.
 */
export function xmlBodyParser(options: {
  limit: number;
  type: string[] | (() => boolean);
}): RequestHandler[] {
  const decode = (req: Request, _res: Response, next: NextFunction) => {
    if (!Buffer.isBuffer(req.body)) return next();
    try {
      req.body = decodeXmlBody(req.body, req.headers['content-type']);
      next();
    } catch (error) {
      next(
        error instanceof XmlRejectedError
          ? new UnsupportedMediaTypeException(error.message)
          : error,
      );
    }
  };
  return [raw(options), decode];
}
