import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import {
  ClassifiedError,
  DialectErrorRenderer,
  DialectRequestError,
} from '../../common/dialect-error-renderer';
import { jiveFault, sendJiveXml } from './jive-views';

export const GROUP_NOT_FOUND = 'com.jivesoftware.base.GroupNotFoundException';
export const USER_NOT_FOUND = 'com.jivesoftware.base.UserNotFoundException';
export const GROUP_ALREADY_EXISTS = 'com.jivesoftware.base.GroupAlreadyExistsException';
export const UNAUTHORIZED = 'com.jivesoftware.base.UnauthorizedException';
export const UNSUPPORTED_OPERATION = 'java.lang.UnsupportedOperationException';
export const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';
export const UNMARSHAL = 'javax.xml.bind.UnmarshalException';
export const NUMBER_FORMAT = 'java.lang.NumberFormatException';
const CXF_FAULT = 'org.apache.cxf.interceptor.Fault';
const RUNTIME = 'java.lang.RuntimeException';

const SERVICE_PATH = '/rpc/rest/groupService';

/**
 * A request the dialect itself refuses (bad XML, wrong root, non-numeric id), naming the Java
 * exception class a CXF/JAXB server would have reported and the argument at fault.
 */
export class JiveRequestError extends DialectRequestError {
  constructor(
    readonly javaClass: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

/** The faultstring's exception class for each domain error (spec "Errors (faults)"). */
const FAULT_CLASS = {
  [DomainErrorCode.NotFound]: (e) =>
    e.details.entity === 'user' ? USER_NOT_FOUND : GROUP_NOT_FOUND,
  [DomainErrorCode.AlreadyExists]: () => GROUP_ALREADY_EXISTS,
  [DomainErrorCode.InvalidArgument]: () => ILLEGAL_ARGUMENT,
  [DomainErrorCode.Forbidden]: () => UNAUTHORIZED,
  [DomainErrorCode.Cycle]: () => ILLEGAL_ARGUMENT,
  [DomainErrorCode.ReadOnly]: () => UNSUPPORTED_OPERATION,
} satisfies Record<DomainErrorCode, (error: DomainError) => string>;

/** `Throwable.toString()`: the class, then `: message` when there is one. */
function faultString(javaClass: string, message: string): string {
  return message ? `${javaClass}: ${message}` : javaClass;
}

/** The path CXF reports: relative to the service, trailing slash stripped as its dispatcher does. */
function servicePath(path: string): string {
  const relative = path.startsWith(`${SERVICE_PATH}/`) ? path.slice(SERVICE_PATH.length) : path;
  return relative.length > 1 ? relative.replace(/\/+$/, '') : relative;
}

/**
 * Everything under /rpc/rest fails the CXF way: HTTP 500 with an XMLFault. Failures that happen
 * before CXF on a real server keep their HTTP status: authentication (401, a Basic challenge,
 * not a fault; 429 when failed credentials are throttled, likewise plain) and an oversized body
 * (413).
 */
@Injectable()
export class JiveErrorRenderer implements DialectErrorRenderer<JiveRequestError> {
  readonly pathPrefixes = ['/rpc/rest'];
  readonly requestErrors = JiveRequestError;

  render(error: ClassifiedError<JiveRequestError>, req: Request, res: Response): void {
    if (error.kind === 'http' && error.status === 401) {
      res.status(401).setHeader('WWW-Authenticate', 'Basic realm="Groupbridge"');
      res.type('text/plain').send('Unauthorized');
      return;
    }
    if (error.kind === 'http' && error.status === 429) {
      res.status(429).type('text/plain').send('Too Many Requests');
      return;
    }
    let status = 500;
    let fault: string;
    if (error.kind === 'dialect') {
      fault = faultString(error.error.javaClass, error.error.message);
    } else if (error.kind === 'domain') {
      fault = faultString(FAULT_CLASS[error.error.code](error.error), error.error.message);
    } else if (error.kind === 'http' && error.status === 404) {
      fault = `Invalid URL/Verb combination. Verb: ${req.method} Path: ${servicePath(req.path)}`;
    } else if (error.kind === 'http') {
      if (error.status === 413) status = 413;
      fault = faultString(CXF_FAULT, error.message);
    } else {
      fault = faultString(RUNTIME, `Internal error (request ${error.requestId})`);
    }
    sendJiveXml(res, status, jiveFault(fault));
  }
}
