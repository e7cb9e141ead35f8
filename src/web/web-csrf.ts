import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { WebRequest } from './web-request';

export const CSRF_FIELD = '_csrf';

/**
 * Double-submit CSRF tokens (csrf-csrf) bound to the session: the HMAC secret is the session's
 * own, so a token is worthless in any other session, and every instance can check it.
 */
const csrf = doubleCsrf({
  getSecret: (req) => (req as WebRequest).webSession?.csrfSecret ?? '',
  getSessionIdentifier: (req) => (req as WebRequest).webSession?.id ?? '',
  cookieName: 'gb_csrf',
  cookieOptions: { sameSite: 'lax', path: '/', httpOnly: true },
  getCsrfTokenFromRequest: (req) => {
    const value: unknown = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    return typeof value === 'string' ? value : undefined;
  },
});

/** The token to put in a form's hidden `_csrf` field (sets the matching cookie). */
export function csrfToken(req: WebRequest, res: Response): string {
  return csrf.generateCsrfToken(req, res, { cookieOptions: { secure: req.secure } });
}

/**
 * Put on every route that takes a form (after WebSessionGuard): a post without the session's
 * token is refused with 403 before the handler runs.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (!req.webSession || !csrf.validateRequest(req)) throw csrf.invalidCsrfTokenError;
    return true;
  }
}
