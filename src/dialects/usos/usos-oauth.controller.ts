import {
  applyDecorators,
  Controller,
  Get,
  Post,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OAuthAuthorizationService } from '../../auth/oauth-authorization.service';
import { UsosAuth, UsosAuthRequirements } from './usos-auth-requirements';
import { UsosError } from './usos-errors';
import { UsosOAuthGuard, UsosRequest } from './usos-oauth.guard';
import { parseOutputFormat, usosParams } from './usos-request';
import { allowCors, sendUsosResult } from './usos-views';
import { parseScopes } from './usos-scopes';

/** One method of services/oauth over GET and POST, with its signature requirements. */
function OAuthRoute(verb: 'GET' | 'POST', method: string, requirements: UsosAuthRequirements) {
  return applyDecorators(
    verb === 'GET' ? Get(method) : Post(method),
    UsosAuth(requirements),
    UseGuards(UsosOAuthGuard),
    UseInterceptors(NoFilesInterceptor()),
  );
}

/** request_token: "Consumer: required, Token: ignored". */
const CONSUMER_ONLY: UsosAuthRequirements = {
  token: 'ignored',
  tokenRequired: false,
  administrative: false,
  asUserId: false,
};
/** access_token: "Standard OAuth Consumer & Request Token Authorization". */
const REQUEST_TOKEN: UsosAuthRequirements = {
  token: 'request',
  tokenRequired: true,
  administrative: false,
  asUserId: false,
};
/** revoke_token: "Consumer: required, Token: required". */
const ACCESS_TOKEN: UsosAuthRequirements = {
  token: 'access',
  tokenRequired: true,
  administrative: false,
  asUserId: false,
};

/** A callback URL may be any absolute URL (apps use their own schemes) but not a script. */
const FORBIDDEN_CALLBACK_SCHEMES = ['javascript:', 'data:', 'vbscript:', 'file:'];

export function parseCallback(value: string | undefined): string {
  if (value === undefined) throw UsosError.paramMissing('oauth_callback');
  if (value === 'oob') return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw UsosError.paramInvalid(
      'oauth_callback',
      'oauth_callback must be an absolute URL or "oob".',
    );
  }
  if (FORBIDDEN_CALLBACK_SCHEMES.includes(url.protocol)) {
    throw UsosError.paramInvalid('oauth_callback', `oauth_callback may not use ${url.protocol}.`);
  }
  return value;
}

/** OAuth 1.0a token responses are form-encoded text, not JSON (USOS oauth module). */
function sendTokenResponse(res: Response, values: Record<string, string>): void {
  allowCors(res);
  res.status(200).type('text/plain; charset=utf-8').send(new URLSearchParams(values).toString());
}

/** `services/oauth/request_token`, `access_token` and `revoke_token` (the consumer's side). */
@ApiTags('usos')
@Controller('services/oauth')
export class UsosOAuthController {
  constructor(private readonly authorization: OAuthAuthorizationService) {}

  @OAuthRoute('GET', 'request_token', CONSUMER_ONLY)
  requestTokenViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.requestToken(req, res);
  }

  @OAuthRoute('POST', 'request_token', CONSUMER_ONLY)
  requestTokenViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.requestToken(req, res);
  }

  @OAuthRoute('GET', 'access_token', REQUEST_TOKEN)
  accessTokenViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.accessToken(req, res);
  }

  @OAuthRoute('POST', 'access_token', REQUEST_TOKEN)
  accessTokenViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.accessToken(req, res);
  }

  @OAuthRoute('GET', 'revoke_token', ACCESS_TOKEN)
  revokeTokenViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.revokeToken(req, res);
  }

  @OAuthRoute('POST', 'revoke_token', ACCESS_TOKEN)
  revokeTokenViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.revokeToken(req, res);
  }

  private async requestToken(req: UsosRequest, res: Response) {
    const { consumer, oauth } = req.usos!;
    const callback = parseCallback(oauth.get('oauth_callback'));
    const scopes = parseScopes(usosParams(req).optional('scopes'));
    const issued = await this.authorization.issueRequestToken(consumer.id, callback, scopes);
    sendTokenResponse(res, {
      oauth_token: issued.token,
      oauth_token_secret: issued.secret,
      oauth_callback_confirmed: 'true',
    });
  }

  private async accessToken(req: UsosRequest, res: Response) {
    const { consumer, oauth, requestToken } = req.usos!;
    const verifier = oauth.get('oauth_verifier');
    if (verifier === undefined) throw UsosError.paramMissing('oauth_verifier');
    const access = await this.authorization.exchange(requestToken!.token, consumer.id, verifier);
    if (!access) {
      throw UsosError.unauthorized(
        'invalid_verifier',
        'The request token was not authorized, or oauth_verifier is wrong; the token is spent.',
      );
    }
    sendTokenResponse(res, { oauth_token: access.token, oauth_token_secret: access.secret });
  }

  private async revokeToken(req: UsosRequest, res: Response) {
    const output = parseOutputFormat(usosParams(req));
    const { consumer, accessToken } = req.usos!;
    await this.authorization.revokeAccessToken(accessToken!.token, consumer.id);
    sendUsosResult(res, output, { success: true });
  }
}
