import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { WebRequest, SESSION_COOKIE } from './web-request';
import { SIGNED_IN_LIFETIME_MS, WebSession, WebSessionService } from './web-session.service';

/** HttpOnly always, Secure whenever the browser reached us over TLS. */
export function setSessionCookie(req: WebRequest, res: Response, session: WebSession): void {
  res.cookie(SESSION_COOKIE, session.id, {
    httpOnly: true,
    secure: req.secure,
    sameSite: 'lax',
    path: '/',
    maxAge: SIGNED_IN_LIFETIME_MS,
  });
}

export function clearSessionCookie(req: WebRequest, res: Response): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    secure: req.secure,
    sameSite: 'lax',
    path: '/',
  });
}

/**
 * Loads the browser's session onto `req.webSession`, starting an anonymous one when there is
 * none (the sign-in form needs a CSRF secret before anyone is signed in).
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(private readonly sessions: WebSessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<WebRequest>();
    const cookies = req.cookies as Record<string, string> | undefined;
    let session = await this.sessions.find(cookies?.[SESSION_COOKIE]);
    if (!session) {
      session = await this.sessions.startAnonymous();
      setSessionCookie(req, http.getResponse<Response>(), session);
    }
    req.webSession = session;
    return true;
  }
}

/** The path to come back to after signing in (`next`), only ever a path on this site. */
export function signInUrl(next: string): string {
  return `/web/sign-in?next=${encodeURIComponent(next)}`;
}

/**
 * After WebSessionGuard: a browser that is not signed in is sent to the sign-in page and comes
 * back to this URL afterwards. The redirect is the answer, so the guard then declines; the
 * global filter sees the response already sent and leaves it alone.
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (req.webSession?.user) return true;
    context.switchToHttp().getResponse<Response>().redirect(303, signInUrl(req.originalUrl));
    return false;
  }
}

/** The session WebSessionGuard loaded. */
export const CurrentWebSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): WebSession =>
    ctx.switchToHttp().getRequest<WebRequest>().webSession!,
);
