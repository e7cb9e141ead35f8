import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode } from '../domain/domain-error';
import { ClassifiedError, DialectErrorRenderer } from './dialect-error-renderer';

const DOMAIN_STATUS = {
  [DomainErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.AlreadyExists]: HttpStatus.CONFLICT,
  [DomainErrorCode.InvalidArgument]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [DomainErrorCode.Cycle]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.ReadOnly]: HttpStatus.FORBIDDEN,
} satisfies Record<DomainErrorCode, HttpStatus>;

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function domainMessage(error: DomainError): string {
  const { param } = error.details;
  return error.code === DomainErrorCode.InvalidArgument && param
    ? `${param}: ${error.message}`
    : error.message;
}

/** `{statusCode, error, message}`: the admin API and every path no dialect claims. */
export class NativeErrorRenderer implements DialectErrorRenderer {
  readonly pathPrefixes = ['/'];

  render(error: ClassifiedError, _req: Request, res: Response): void {
    let status: number;
    let message: string;
    if (error.kind === 'domain') {
      status = DOMAIN_STATUS[error.error.code];
      message = domainMessage(error.error);
    } else if (error.kind === 'http') {
      status = error.status;
      message = error.message;
    } else {
      status = 500;
      message = `Internal error (request ${error.requestId})`;
    }
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="Groupbridge"');
    res.status(status).json({ statusCode: status, error: REASONS[status] ?? 'Error', message });
  }
}
