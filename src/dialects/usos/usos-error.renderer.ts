import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import { ClassifiedError, DialectErrorRenderer } from '../../common/dialect-error-renderer';
import { UsosError, UsosErrorBody } from './usos-errors';
import { sendUsosError } from './usos-output';

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
  // Group names are unique in Groupbridge (DESIGN.md), so a taken name is an invalid `name`.
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
export class UsosErrorRenderer implements DialectErrorRenderer {
  readonly pathPrefixes = ['/services/'];

  render(error: ClassifiedError, req: Request, res: Response): void {
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

/** Errors the dialect raises itself (parsing, selectors, OAuth) carry their USOS body already. */
@Catch(UsosError)
export class UsosErrorFilter implements ExceptionFilter {
  catch(error: UsosError, host: ArgumentsHost): void {
    sendUsosError(host.switchToHttp().getResponse<Response>(), error.status, error.body);
  }
}
