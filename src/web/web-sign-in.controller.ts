import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { signInAttempt } from '../auth/basic.strategy';
import { CredentialsService } from '../auth/credentials.service';
import { CsrfGuard } from './web-csrf';
import { WebPages } from './web-pages.service';
import { WebRequest } from './web-request';
import {
  clearSessionCookie,
  CurrentWebSession,
  setSessionCookie,
  SignedInGuard,
  WebSessionGuard,
} from './web-session.guard';
import { WebSession, WebSessionService } from './web-session.service';
import { SIGN_IN_THROTTLE, SignInThrottle } from './sign-in-throttle';

export const HOME_PATH = '/web';

/** `next` only ever leads to a path on this site (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || /^\/[/\\]/.test(next)) return HOME_PATH;
  return next;
}

function formString(body: Record<string, unknown> | undefined, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
}

/** Sign-in, sign-out and the start page of the web pages. */
@ApiExcludeController()
@Controller('web')
@UseGuards(WebSessionGuard)
export class WebSignInController {
  constructor(
    private readonly pages: WebPages,
    private readonly sessions: WebSessionService,
    private readonly credentials: CredentialsService,
    @Inject(SIGN_IN_THROTTLE) private readonly throttle: SignInThrottle,
  ) {}

  @Get()
  @UseGuards(SignedInGuard)
  home(@Req() req: WebRequest, @Res() res: Response) {
    this.pages.render(req, res, 'home.njk');
  }

  @Get('sign-in')
  signInPage(
    @CurrentWebSession() session: WebSession,
    @Query('next') next: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    if (session.user) return res.redirect(303, safeNext(next));
    this.pages.render(req, res, 'sign-in.njk', {
      next: safeNext(next),
      username: '',
      failure: null,
    });
  }

  @Post('sign-in')
  @UseGuards(CsrfGuard)
  async signIn(
    @CurrentWebSession() session: WebSession,
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const username = formString(body, 'username');
    const password = formString(body, 'password');
    const next = safeNext(body?.next);
    const ip = req.ip ?? '';
    const retryAfter = await this.throttle.retryAfterSeconds(username, ip);
    if (retryAfter > 0) {
      res.setHeader('Retry-After', String(retryAfter));
      const failure = { key: 'signIn.throttled', params: { seconds: retryAfter } };
      return this.pages.render(req, res, 'sign-in.njk', { next, username, failure }, 429);
    }
    const caller =
      username && password
        ? await this.credentials.callerForPassword(username, password, signInAttempt(req))
        : null;
    if (!caller) {
      await this.throttle.recordFailure(username, ip);
      const failure = { key: 'signIn.failed', params: {} };
      return this.pages.render(req, res, 'sign-in.njk', { next, username, failure }, 401);
    }
    await this.throttle.recordSuccess(username, ip);
    const signedIn = await this.sessions.signIn(caller.userId, session);
    setSessionCookie(req, res, signedIn);
    res.redirect(303, next);
  }

  @Post('sign-out')
  @UseGuards(CsrfGuard)
  async signOut(
    @CurrentWebSession() session: WebSession,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.sessions.signOut(session);
    clearSessionCookie(req, res);
    res.redirect(303, '/web/sign-in');
  }
}
