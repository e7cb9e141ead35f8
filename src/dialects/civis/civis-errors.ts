import { Injectable } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import {
  ClassifiedError,
  DialectErrorRenderer,
  DialectRequestError,
} from '../../common/dialect-error-renderer';

/** `{"error", "errorDescription", "code"}` as the real API answers; civis-python shows errorDescription. */
export interface CivisErrorBody {
  error: string;
  errorDescription: string;
  code: number;
}

const NOT_EXPECTED = 'The given request was not as expected';
const UNAUTHORIZED = 'The API key is missing, invalid or expired.';

/** Domain vocabulary (`organizationId`, `userIds`) → the snake_case names civis-python sends. */
function wireParam(param: string): string {
  return param.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A request field the dialect refuses while reading it (wrong type, out of range, missing). */
export class CivisRequestError extends DialectRequestError {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

function validation(param: string | undefined, message: string): CivisErrorBody {
  const prefix = param ? `${wireParam(param)}: ` : '';
  return {
    error: 'bad_request',
    errorDescription: `${NOT_EXPECTED}: Validation failed: ${prefix}${message}`,
    code: 400,
  };
}

function domainValidation(e: DomainError): CivisErrorBody {
  return validation(e.details.param, e.message);
}

const DOMAIN_ERRORS = {
  [DomainErrorCode.NotFound]: (e) => ({
    error: 'not_found',
    errorDescription: e.message,
    code: 404,
  }),
  [DomainErrorCode.AlreadyExists]: (e) => ({
    error: 'conflict',
    errorDescription: e.message,
    code: 409,
  }),
  [DomainErrorCode.InvalidArgument]: domainValidation,
  [DomainErrorCode.Forbidden]: (e) => ({
    error: 'forbidden',
    errorDescription: e.message,
    code: 403,
  }),
  [DomainErrorCode.Cycle]: domainValidation,
  [DomainErrorCode.ReadOnly]: (e) => ({
    error: 'forbidden',
    errorDescription: e.message,
    code: 403,
  }),
} satisfies Record<DomainErrorCode, (e: DomainError) => CivisErrorBody>;

/** Framework errors: bad JSON, unknown route, failed authentication, body too large... */
function httpError(status: number, message: string): CivisErrorBody {
  switch (status) {
    case 400:
      return { error: 'bad_request', errorDescription: `${NOT_EXPECTED}: ${message}`, code: 400 };
    case 401:
      return { error: 'unauthorized', errorDescription: UNAUTHORIZED, code: 401 };
    case 404:
      return {
        error: 'not_found',
        errorDescription: 'The requested endpoint could not be found.',
        code: 404,
      };
    default: {
      const reason = STATUS_CODES[status] ?? 'Error';
      return {
        error: reason.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
        errorDescription: message || reason,
        code: status,
      };
    }
  }
}

export function civisErrorBody(error: ClassifiedError<CivisRequestError>): CivisErrorBody {
  if (error.kind === 'dialect') return validation(error.error.param, error.error.message);
  if (error.kind === 'domain') return DOMAIN_ERRORS[error.error.code](error.error);
  if (error.kind === 'http') return httpError(error.status, error.message);
  return {
    error: 'internal_server_error',
    errorDescription: `An unexpected error occurred (request ${error.requestId}).`,
    code: 500,
  };
}

/** Every Civis response, errors included, is private and never cached (as recorded). */
export function setCivisCacheHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Expires', '0');
}

@Injectable()
export class CivisErrorRenderer implements DialectErrorRenderer<CivisRequestError> {
  readonly pathPrefixes = ['/groups', '/endpoints'];
  readonly requestErrors = CivisRequestError;

  render(error: ClassifiedError<CivisRequestError>, _req: Request, res: Response): void {
    const body = civisErrorBody(error);
    setCivisCacheHeaders(res);
    // civis-python reads this header on every 401 and crashes with a KeyError without it.
    if (body.code === 401) {
      res.setHeader(
        'WWW-Authenticate',
        `Bearer realm="Groupbridge", error="invalid_token", error_description="${UNAUTHORIZED}"`,
      );
    }
    res.status(body.code).json(body);
  }
}
