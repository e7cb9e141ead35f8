import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { OAuthAuthorizationService } from '../../auth/oauth-authorization.service';
import { CsrfGuard } from '../../web/web-csrf';
import { isMessageKey, MessageKey } from '../../web/web-i18n';
import { WebPages } from '../../web/web-pages.service';
import { WebRequest } from '../../web/web-request';
import { signInUrl, WebSessionGuard } from '../../web/web-session.guard';

const AUTHORIZE_PATH = '/services/oauth/authorize';
/** USOS: `minimal` (default) or `confirm_user`; Groupbridge always asks, so both behave alike. */
const INTERACTIVITY = ['minimal', 'confirm_user'];

function authorizeUrl(token: string): string {
  return `${AUTHORIZE_PATH}?oauth_token=${encodeURIComponent(token)}`;
}

/** The callback with the answer appended to its query (RFC 5849 §2.2). */
function callbackUrl(callback: string, params: Record<string, string>): string {
  const url = new URL(callback);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * The consent form's answer is a redirect to the application's callback, and browsers hold a
 * form's redirects to CSP `form-action` too: this one page also allows the callback's origin.
 */
function allowCallbackFormAction(res: Response, callback: string): void {
  if (callback === 'oob') return;
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy !== 'string') return;
  const origin = new URL(callback).origin;
  res.setHeader(
    'Content-Security-Policy',
    policy.replace(
      /form-action ([^;]*)/,
      (_, sources: string) => `form-action ${sources} ${origin}`,
    ),
  );
}

function scopeLine(scope: string): { key: MessageKey; params: Record<string, string> } {
  const key = `scope.${scope}`;
  return isMessageKey(key) ? { key, params: {} } : { key: 'scope.other', params: { scope } };
}

/**
 * `services/oauth/authorize`, the user's side of the dance, in the browser: sign in if needed,
 * then a consent page naming the application and each scope, Allow or Deny.
 */
@ApiExcludeController()
@Controller('services/oauth/authorize')
@UseGuards(WebSessionGuard)
export class UsosOAuthAuthorizeController {
  constructor(
    private readonly authorization: OAuthAuthorizationService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async consentPage(
    @Query('oauth_token') token: unknown,
    @Query('interactivity') interactivity: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    if (interactivity !== undefined && !INTERACTIVITY.includes(interactivity as string)) {
      return this.pages.render(req, res, 'error.njk', { message: 'error.400', requestId: '' }, 400);
    }
    const request =
      typeof token === 'string' ? await this.authorization.findRequestToken(token) : null;
    if (!request || request.userId !== null) return this.invalidToken(req, res);
    const user = req.webSession!.user;
    if (!user) return res.redirect(303, signInUrl(req.originalUrl));
    allowCallbackFormAction(res, request.callback);
    this.pages.render(req, res, 'oauth-consent.njk', {
      app: request.consumerName,
      oauthToken: request.token,
      scopes: request.scopes.map(scopeLine),
    });
  }

  @Post()
  @UseGuards(CsrfGuard)
  async decide(
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const token = typeof body?.oauth_token === 'string' ? body.oauth_token : '';
    const decision = body?.decision;
    if (decision !== 'allow' && decision !== 'deny') {
      return this.pages.render(req, res, 'error.njk', { message: 'error.400', requestId: '' }, 400);
    }
    const user = req.webSession!.user;
    if (!user) return res.redirect(303, signInUrl(authorizeUrl(token)));
    const request = await this.authorization.findRequestToken(token);
    if (!request) return this.invalidToken(req, res);
    const app = request.consumerName;

    if (decision === 'deny') {
      const denied = await this.authorization.deny(token);
      if (!denied) return this.invalidToken(req, res);
      if (denied.callback === 'oob')
        return this.pages.render(req, res, 'oauth-denied.njk', { app });
      return res.redirect(303, callbackUrl(denied.callback, { oauth_token: token }));
    }
    const allowed = await this.authorization.authorize(token, user.id);
    if (!allowed) return this.invalidToken(req, res);
    if (allowed.callback === 'oob') {
      return this.pages.render(req, res, 'oauth-pin.njk', { app, pin: allowed.verifier });
    }
    res.redirect(
      303,
      callbackUrl(allowed.callback, { oauth_token: token, oauth_verifier: allowed.verifier }),
    );
  }

  private invalidToken(req: WebRequest, res: Response) {
    this.pages.render(req, res, 'oauth-invalid.njk', {}, 400);
  }
}
