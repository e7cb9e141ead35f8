import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  CredentialsService,
  OAuthAccessToken,
  OAuthConsumer,
} from '../../auth/credentials.service';
import { OAuthAuthorizationService, RequestToken } from '../../auth/oauth-authorization.service';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Caller } from '../../domain/caller';
import { UsersService } from '../../domain/users.service';
import {
  CSGROUPS_AUTH,
  USOS_AUTH_REQUIREMENTS,
  UsosAuthRequirements,
} from './usos-auth-requirements';
import { AuthFailureReason, MetricsService } from '../../operations/metrics.service';
import { UsosError } from './usos-errors';
import {
  baseStringUri,
  hmacSha1Signature,
  ParamPair,
  parseOAuthHeader,
  safeEqual,
  signatureBaseString,
  signingKey,
} from './usos-oauth-signature';
import { bodyEntries, toInternalId } from './usos-request';

/** RFC 5849 leaves the window to the server; the USOS issue fixes ±5 minutes. */
export const TIMESTAMP_WINDOW_SECONDS = 300;
const SIGNATURE_METHODS = ['HMAC-SHA1', 'PLAINTEXT'];
const REQUIRED = ['oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'];

/** Who signed the request, as the methods beyond csgroups need to know it. */
export interface UsosAuthentication {
  consumer: OAuthConsumer;
  /** The `oauth_*` protocol parameters, wherever they travelled. */
  oauth: ReadonlyMap<string, string>;
  accessToken: OAuthAccessToken | null;
  requestToken: RequestToken | null;
  /** Scopes the caller holds; `as_user_id` (an administrative consumer) holds them all. */
  scopes: ReadonlySet<string> | 'all';
}

export type UsosRequest = Request & { user?: Caller; usos?: UsosAuthentication };

/**
 * OAuth 1.0a (RFC 5849) for the USOS methods: protocol parameters from the Authorization
 * header, the form body or the query string; HMAC-SHA1 or PLAINTEXT; ±5 min timestamps; nonces
 * once per consumer (persisted). What a method demands is its `@UsosAuth` requirements; csgroups
 * (the default) needs an administrative consumer and an access token or `as_user_id` (USOS
 * 6.1.2); the acting user is trusted like a system administrator there.
 */
@Injectable()
export class UsosOAuthGuard implements CanActivate {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly authorization: OAuthAuthorizationService,
    private readonly users: UsersService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<UsosRequest>();
    const requirements =
      this.reflector.getAllAndOverride<UsosAuthRequirements | undefined>(USOS_AUTH_REQUIREMENTS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? CSGROUPS_AUTH;
    try {
      await this.authenticate(req, requirements);
    } catch (error) {
      if (error instanceof UsosError && error.status === 401) {
        this.metrics.recordAuthFailure('usos', error.body.reason as AuthFailureReason);
      }
      throw error;
    }
    return true;
  }

  private async authenticate(req: UsosRequest, requirements: UsosAuthRequirements): Promise<void> {
    refuseUnsignedBody(req);
    const [path, rawQuery = ''] = req.originalUrl.split(/\?(.*)/s);
    const queryPairs: ParamPair[] = [...new URLSearchParams(rawQuery)];
    // Only a form-urlencoded body takes part in the signature (RFC 5849 §3.4.1.3.1); its names
    // arrive as sent, `tags[]` included (configure-app.ts parses /services forms flat).
    const bodyPairs = req.is('application/x-www-form-urlencoded')
      ? bodyEntries(req.body).filter((pair): pair is ParamPair => typeof pair[1] === 'string')
      : [];
    let headerPairs: ParamPair[];
    try {
      headerPairs = (parseOAuthHeader(req.headers.authorization) ?? []).filter(
        ([name]) => name !== 'realm',
      );
    } catch (error) {
      throw new UsosError(400, {
        message: (error as Error).message,
        error: 'invalid_oauth_request',
        reason: 'malformed_header',
      });
    }
    const oauth = protocolParameters([...headerPairs, ...bodyPairs, ...queryPairs]);
    const consumerKey = oauth.get('oauth_consumer_key');
    if (!consumerKey) {
      throw UsosError.methodForbidden(
        'consumer_missing',
        'This method requires a consumer signature (OAuth 1.0a).',
      );
    }
    for (const name of REQUIRED) if (!oauth.has(name)) throw UsosError.paramMissing(name);
    const method = oauth.get('oauth_signature_method')!;
    if (!SIGNATURE_METHODS.includes(method)) {
      throw UsosError.paramInvalid(
        'oauth_signature_method',
        `Unsupported signature method "${method}"; use HMAC-SHA1 or PLAINTEXT.`,
      );
    }
    if (method === 'PLAINTEXT' && !req.secure && !this.config.usosPlaintextOverHttp) {
      // With TRUST_PROXY, req.secure follows X-Forwarded-Proto (TLS ended at the proxy).
      throw UsosError.paramInvalid(
        'oauth_signature_method',
        'PLAINTEXT signatures are accepted only over HTTPS (RFC 5849 §3.4.4); use HMAC-SHA1.',
      );
    }
    const version = oauth.get('oauth_version');
    if (version !== undefined && version !== '1.0')
      throw UsosError.paramInvalid('oauth_version', 'oauth_version must be "1.0".');
    const timestamp = oauth.get('oauth_timestamp')!;
    if (!/^[0-9]{1,12}$/.test(timestamp))
      throw UsosError.paramInvalid('oauth_timestamp', 'oauth_timestamp must be whole seconds.');
    const nonce = oauth.get('oauth_nonce')!;
    if (nonce.length === 0 || nonce.length > 255)
      throw UsosError.paramInvalid('oauth_nonce', 'oauth_nonce must be 1–255 characters.');

    const consumer = await this.credentials.findOAuthConsumer(consumerKey);
    if (!consumer) throw UsosError.unauthorized('invalid_consumer', 'Unknown consumer key.');
    const tokenKey = requirements.token === 'ignored' ? undefined : oauth.get('oauth_token');
    let token: OAuthAccessToken | null = null;
    let requestToken: RequestToken | null = null;
    if (tokenKey && requirements.token === 'access') {
      token = await this.credentials.findOAuthAccessToken(tokenKey, consumer.id);
      if (!token) {
        throw UsosError.unauthorized(
          'invalid_token',
          'Unknown or revoked access token for this consumer.',
        );
      }
    }
    if (tokenKey && requirements.token === 'request') {
      requestToken = await this.authorization.findRequestToken(tokenKey);
      if (requestToken?.consumerId !== consumer.id) {
        throw UsosError.unauthorized(
          'invalid_token',
          'Unknown, expired or already used request token for this consumer.',
        );
      }
    }

    const given = oauth.get('oauth_signature')!;
    const secrets = [consumer.secret, token?.secret ?? requestToken?.secret ?? ''] as const;
    const valid =
      method === 'PLAINTEXT'
        ? safeEqual(given, signingKey(...secrets))
        : this.baseUris(req, path).some((uri) =>
            safeEqual(
              given,
              hmacSha1Signature(
                signatureBaseString(req.method, uri, [...queryPairs, ...bodyPairs, ...headerPairs]),
                ...secrets,
              ),
            ),
          );
    if (!valid) throw UsosError.unauthorized('invalid_signature', 'Invalid signature.');

    const seconds = Number(timestamp);
    if (Math.abs(Date.now() / 1000 - seconds) > TIMESTAMP_WINDOW_SECONDS) {
      throw UsosError.unauthorized(
        'invalid_timestamp',
        `oauth_timestamp is more than ${TIMESTAMP_WINDOW_SECONDS} seconds away from the server time.`,
      );
    }
    const expiresAt = (seconds + TIMESTAMP_WINDOW_SECONDS) * 1000;
    if (!(await this.credentials.consumeNonce(consumer.id, nonce, expiresAt))) {
      throw UsosError.unauthorized('nonce_already_used', 'This oauth_nonce was already used.');
    }

    if (requirements.administrative && !consumer.administrative) {
      throw UsosError.methodForbidden(
        'trusted_required',
        'This method requires an administrative consumer key.',
      );
    }
    const asUserId = requirements.asUserId
      ? lastValue([...queryPairs, ...bodyPairs], 'as_user_id')
      : undefined;
    if (asUserId !== undefined) {
      req.user = await this.impersonate(consumer, token, asUserId, path.replace(/^\/+/, ''));
      req.usos = { consumer, oauth, accessToken: null, requestToken: null, scopes: 'all' };
      return;
    }
    if (requirements.tokenRequired && !token && !requestToken) {
      throw UsosError.methodForbidden(
        'user_missing',
        requirements.token === 'request'
          ? 'This method requires a request token.'
          : 'This method requires an access token.',
      );
    }
    if (token) {
      // docs/architecture.md: an administrative consumer is trusted like a system administrator.
      req.user = {
        userId: token.caller.userId,
        systemAdmin: token.caller.systemAdmin || consumer.administrative,
      };
    }
    req.usos = {
      consumer,
      oauth,
      accessToken: token,
      requestToken,
      scopes: new Set(token?.scopes ?? []),
    };
  }

  /**
   * USOS rules: "if you use an Administrative Consumer Key, then you may use a special as_user_id
   * argument … you should not include a Token". The named user acts, trusted like a system
   * administrator (as with the consumer's tokens).
   */
  private async impersonate(
    consumer: OAuthConsumer,
    token: OAuthAccessToken | null,
    asUserId: string,
    method: string,
  ): Promise<Caller> {
    if (!consumer.administrative) {
      throw UsosError.methodForbidden(
        'impersonate_required',
        'Only administrative consumers may use as_user_id.',
      );
    }
    if (token) {
      throw UsosError.paramInvalid(
        'as_user_id',
        'Use either an access token or as_user_id, not both.',
      );
    }
    const userId = toInternalId(asUserId);
    const [user] = userId === null ? [] : await this.users.findUsers([userId]);
    if (!user?.active) {
      throw UsosError.objectNotFound('as_user_id', method, `User ${asUserId} does not exist.`);
    }
    return { userId: user.id, systemAdmin: true };
  }

  /**
   * The URL as the client saw it: from the request (with TRUST_PROXY, X-Forwarded-* count), and
   * under PUBLIC_URL when one is configured (a proxy may rewrite host and path prefix).
   */
  private baseUris(req: Request, path: string): string[] {
    const uris = [baseStringUri(req.protocol, req.host, path)];
    if (this.config.publicUrl) {
      const url = new URL(this.config.publicUrl);
      const prefix = url.pathname.replace(/\/+$/, '');
      uris.push(baseStringUri(url.protocol.replace(/:$/, ''), url.host, `${prefix}${path}`));
    }
    return uris;
  }
}

/** The last value of a method parameter among query and form body (the body comes last). */
function lastValue(pairs: ParamPair[], name: string): string | undefined {
  let value: string | undefined;
  for (const [key, v] of pairs) if (key === name) value = v;
  return value;
}

/**
 * Parameters come from the query string and a form-urlencoded body, which the signature covers
 * (RFC 5849 §3.4.1.3.1). Any other body — multipart above all — could carry parameters no
 * signature protects, and no csgroups method takes a file: such a body is refused, unread.
 */
function refuseUnsignedBody(req: Request): void {
  const emptyBody = req.headers['content-length'] === '0' && !req.headers['transfer-encoding'];
  if (req.is('application/x-www-form-urlencoded') === false && !emptyBody) {
    throw new UsosError(415, {
      message:
        'csgroups methods take parameters from the query string or an ' +
        'application/x-www-form-urlencoded body only; other bodies are not signed.',
      error: 'unsupported_media_type',
    });
  }
}

/** The `oauth_*` parameters; one placement each (RFC 5849 §3.2: duplicates are a 400). */
function protocolParameters(pairs: ParamPair[]): Map<string, string> {
  const oauth = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (!name.startsWith('oauth_')) continue;
    if (oauth.has(name)) {
      throw UsosError.paramInvalid(name, `OAuth parameter ${name} was given more than once.`);
    }
    oauth.set(name, value);
  }
  return oauth;
}
