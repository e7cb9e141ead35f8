import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

/** A client's own `X-Request-Id` is kept when it is a plain token; anything else is replaced. */
const CLIENT_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * Gives every request an id (`req.id`, echoed as `X-Request-Id`) before anything can fail, so
 * body-parser errors, error answers and log lines all carry it. Registered as the first express
 * middleware; pino-http keeps an id that is already set.
 */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const id =
    typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  next();
}
