import { Injectable } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import {
  ClassifiedError,
  DialectErrorRenderer,
  DialectRequestError,
} from '../../common/dialect-error-renderer';
import { ERROR } from './scim-schemas';

/** RFC 7644 §3.12: `status` is a string; `scimType` only for the 400s and 409 it names. */
export interface ScimErrorBody {
  schemas: [typeof ERROR];
  status: string;
  scimType?: string;
  detail: string;
}

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export type ScimType =
  'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'invalidValue' | 'noTarget' | 'mutability';

/** What the SCIM parser refuses, with its RFC 7644 §3.12 scimType (or none, e.g. a 412). */
export class ScimRequestError extends DialectRequestError {
  constructor(
    readonly scimType: ScimType | undefined,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A parameter the client got wrong; the ones with a scimType of their own get it. */
export function invalid(param: string, message: string): ScimRequestError {
  const scimType: Record<string, ScimType> = {
    filter: 'invalidFilter',
    path: 'invalidPath',
    syntax: 'invalidSyntax',
    noTarget: 'noTarget',
    mutability: 'mutability',
  };
  return new ScimRequestError(scimType[param] ?? 'invalidValue', message);
}

function body(status: number, detail: string, scimType?: string): ScimErrorBody {
  return {
    schemas: [ERROR],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  };
}

/** The domain names `filter` when a filter compares a field the wrong way. */
function invalidArgument(e: DomainError): ScimErrorBody {
  return body(400, e.message, e.details.param === 'filter' ? 'invalidFilter' : 'invalidValue');
}

const DOMAIN_ERRORS = {
  // A member that does not exist is a bad value in the request, not a missing resource.
  [DomainErrorCode.NotFound]: (e) =>
    e.details.param === 'members' ? body(400, e.message, 'invalidValue') : body(404, e.message),
  [DomainErrorCode.AlreadyExists]: (e) => body(409, e.message, 'uniqueness'),
  [DomainErrorCode.InvalidArgument]: invalidArgument,
  [DomainErrorCode.Forbidden]: (e) => body(403, e.message),
  [DomainErrorCode.Cycle]: (e) => body(400, e.message, 'invalidValue'),
  [DomainErrorCode.ReadOnly]: (e) => body(403, e.message),
} satisfies Record<DomainErrorCode, (e: DomainError) => ScimErrorBody>;

function httpError(status: number, message: string): ScimErrorBody {
  switch (status) {
    case 400:
      return body(400, `The request body is not valid JSON: ${message}`, 'invalidSyntax');
    case 401:
      return body(401, 'A valid bearer token is required');
    case 404:
      return body(404, 'No such resource or endpoint');
    case 413:
      return body(413, 'The request body is too large');
    default:
      return body(status, message || STATUS_CODES[status] || 'Error');
  }
}

export function scimErrorBody(error: ClassifiedError<ScimRequestError>): ScimErrorBody {
  if (error.kind === 'domain') return DOMAIN_ERRORS[error.error.code](error.error);
  if (error.kind === 'dialect')
    return body(error.error.status, error.error.message, error.error.scimType);
  if (error.kind === 'http') return httpError(error.status, error.message);
  return body(500, `An unexpected error occurred (request ${error.requestId})`);
}

/** RFC 7644 §3.14: a stale If-Match. Thrown inside the write's transaction, which rolls back. */
export function preconditionFailed(): ScimRequestError {
  return new ScimRequestError(
    undefined,
    'The resource has changed since the given version (If-Match)',
    412,
  );
}

@Injectable()
export class ScimErrorRenderer implements DialectErrorRenderer<ScimRequestError> {
  readonly pathPrefixes = ['/scim'];
  readonly requestErrors = ScimRequestError;

  render(error: ClassifiedError<ScimRequestError>, _req: Request, res: Response): void {
    const scim = scimErrorBody(error);
    if (scim.status === '401') res.setHeader('WWW-Authenticate', 'Bearer realm="Groupbridge SCIM"');
    res.status(Number(scim.status)).type(SCIM_CONTENT_TYPE).send(JSON.stringify(scim));
  }
}
