import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ClassifiedError,
  DialectErrorRenderer,
  DialectRequestError,
} from '../../common/dialect-error-renderer';
import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import { allowCors } from './usos-views';

/** The body of every USOS error answer (always JSON, whatever `format` was asked). */
export interface UsosErrorBody {
  message: string;
  error?: string;
  param_name?: string;
  field_name?: string;
  method_name?: string;
  reason?: string;
  /** With reason scope_missing: the scopes the token lacks. */
  missing_scopes?: string[];
}

/**
 * An error the USOS dialect raises itself (parameter parsing, field selectors, OAuth); it carries
 * its USOS body already, and the global filter hands it to UsosErrorRenderer like any other.
 */
export class UsosError extends DialectRequestError {
  constructor(
    readonly status: number,
    readonly body: UsosErrorBody,
  ) {
    super(body.message);
    this.name = 'UsosError';
  }

  static paramMissing(param: string): UsosError {
    return new UsosError(400, {
      message: `Required parameter ${param} is missing.`,
      error: 'param_missing',
      param_name: param,
    });
  }

  static paramInvalid(param: string, message: string): UsosError {
    return new UsosError(400, { message, error: 'param_invalid', param_name: param });
  }

  static fieldNotFound(field: string, method: string): UsosError {
    return new UsosError(400, {
      message: `Field "${field}" does not exist in ${method}.`,
      error: 'field_not_found',
      field_name: field,
      method_name: method,
    });
  }

  static fieldInvalid(field: string, method: string, message: string): UsosError {
    return new UsosError(400, {
      message,
      error: 'field_invalid',
      field_name: field,
      method_name: method,
    });
  }

  static objectNotFound(param: string, method: string, message: string): UsosError {
    return new UsosError(400, {
      message,
      error: 'object_not_found',
      param_name: param,
      method_name: method,
    });
  }

  /** A field the caller's token has no scope for (USOS `field_forbidden`, reason scope_missing). */
  static fieldScopeMissing(field: string, method: string, scopes: string[]): UsosError {
    return new UsosError(403, {
      message: `Field "${field}" requires the scope(s): ${scopes.join(', ')}.`,
      error: 'field_forbidden',
      field_name: field,
      method_name: method,
      reason: 'scope_missing',
      missing_scopes: scopes,
    });
  }

  /** reason: consumer_missing | user_missing | trusted_required (USOS reason codes). */
  static methodForbidden(reason: string, message: string): UsosError {
    return new UsosError(403, { message, error: 'method_forbidden', reason });
  }

  /**
   * RFC 5849 §3.2 "401 Unauthorized": bad signature, unknown consumer or token, stale timestamp,
   * used nonce. The reason names follow OKAPI, USOS API's sibling.
   */
  static unauthorized(reason: string, message: string): UsosError {
    return new UsosError(401, { message, error: 'invalid_oauth_request', reason });
  }
}

/** Domain parameter names → the USOS parameter a client sent. */
const USOS_PARAMS: Record<string, string> = {
  groupId: 'custom_group_id',
  childGroupIds: 'custom_group_ids',
  memberUserIds: 'user_ids',
  userIds: 'user_ids',
  emailMembers: 'emails',
};

function usosParam(error: DomainError): string | undefined {
  const param = error.details.param;
  return param === undefined ? undefined : (USOS_PARAMS[param] ?? param);
}

type Rendered = { status: number; body: UsosErrorBody };

/** Every domain error code, in USOS terms (status: 400 for param_* / object_*). */
const DOMAIN_ERRORS = {
  [DomainErrorCode.NotFound]: (e, method) => ({
    status: 400,
    body: {
      message: e.message,
      error: 'object_not_found',
      param_name: usosParam(e),
      method_name: method,
    },
  }),
  // Group names are unique in Groupbridge (docs/architecture.md), so a taken name is an invalid `name`.
  [DomainErrorCode.AlreadyExists]: (e) => ({
    status: 400,
    body: { message: e.message, error: 'param_invalid', param_name: usosParam(e) ?? 'name' },
  }),
  [DomainErrorCode.InvalidArgument]: (e) => ({
    status: 400,
    body: { message: e.message, error: 'param_invalid', param_name: usosParam(e) },
  }),
  [DomainErrorCode.Forbidden]: (e, method) => ({
    status: 400,
    body: {
      message: e.message,
      error: 'object_forbidden',
      param_name: usosParam(e),
      method_name: method,
    },
  }),
  // Issue 3: any nesting that would close a cycle is an invalid `custom_group_ids`.
  [DomainErrorCode.Cycle]: (e) => ({
    status: 400,
    body: { message: e.message, error: 'param_invalid', param_name: 'custom_group_ids' },
  }),
  [DomainErrorCode.ReadOnly]: (e) => ({
    status: 403,
    body: { message: e.message, error: 'method_forbidden', reason: 'read_only' },
  }),
} satisfies Record<DomainErrorCode, (e: DomainError, method: string) => Rendered>;

/** `/services/csgroups/create` → `services/csgroups/create` (USOS `method_name`). */
function methodName(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

function withoutUndefined(body: UsosErrorBody): UsosErrorBody {
  return Object.fromEntries(
    Object.entries(body).filter(([, v]) => v !== undefined),
  ) as UsosErrorBody;
}

/** The global filter's USOS renderer: domain, framework (bad body, unknown method) and internal errors. */
@Injectable()
export class UsosErrorRenderer implements DialectErrorRenderer<UsosError> {
  readonly pathPrefixes = ['/services/'];
  readonly requestErrors = UsosError;

  render(error: ClassifiedError<UsosError>, req: Request, res: Response): void {
    // Errors the dialect raises itself carry their USOS body already.
    if (error.kind === 'dialect') return sendUsosError(res, error.error.status, error.error.body);
    const { status, body } = this.toUsos(error, req.path);
    sendUsosError(res, status, withoutUndefined(body));
  }

  private toUsos(error: ClassifiedError, path: string): Rendered {
    switch (error.kind) {
      case 'domain':
        return DOMAIN_ERRORS[error.error.code](error.error, methodName(path));
      case 'http':
        return error.status === 404
          ? { status: 404, body: { message: `Method ${methodName(path)} does not exist.` } }
          : { status: error.status, body: { message: error.message } };
      case 'internal':
        return {
          status: 500,
          body: { message: `Internal error (request ${error.requestId}).` },
        };
    }
  }
}

/** Errors are always JSON, whatever `format` was asked (USOS errors page). */
export function sendUsosError(res: Response, status: number, body: UsosErrorBody): void {
  allowCors(res);
  if (status === 401) res.setHeader('WWW-Authenticate', 'OAuth realm="Groupbridge USOS API"');
  res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
