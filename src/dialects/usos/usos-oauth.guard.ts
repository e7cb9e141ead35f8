import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CredentialsService, OAuthAccessToken } from '../../auth/credentials.service';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Caller } from '../../domain/caller';
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
import { bodyEntries } from './usos-request';

/** RFC 5849 leaves the window to the server; the USOS issue fixes ±5 minutes. */
export const TIMESTAMP_WINDOW_SECONDS = 300;
const SIGNATURE_METHODS = ['HMAC-SHA1', 'PLAINTEXT'];
const REQUIRED = ['oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'];

export type UsosRequest = Request & { user?: Caller };

/**
 * OAuth 1.0a (RFC 5849) for `services/csgroups`: protocol parameters from the Authorization
 * header, the form body or the query string; HMAC-SHA1 or PLAINTEXT; ±5 min timestamps; nonces
 * once per consumer (persisted). Every csgroups method needs an administrative consumer and an
 * access token (USOS 6.1.2); the token's user acts, trusted like a system administrator.
 */
@Injectable()
export class UsosOAuthGuard implements CanActivate {
  constructor(
    private readonly credentials: CredentialsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<UsosRequest>();
    try {
      req.user = await this.authenticate(req);
    } catch (error) {
      if (error instanceof UsosError && error.status === 401) {
        this.metrics.recordAuthFailure('usos', error.body.reason as AuthFailureReason);
      }
      throw error;
    }
    return true;
  }

  private async authenticate(req: UsosRequest): Promise<Caller> {
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
    const tokenKey = oauth.get('oauth_token');
    let token: OAuthAccessToken | null = null;
    if (tokenKey) {
      token = await this.credentials.findOAuthAccessToken(tokenKey, consumer.id);
      if (!token) {
        throw UsosError.unauthorized(
          'invalid_token',
          'Unknown or revoked access token for this consumer.',
        );
      }
    }

    const given = oauth.get('oauth_signature')!;
    const secrets = [consumer.secret, token?.secret ?? ''] as const;
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

    if (!consumer.administrative) {
      throw UsosError.methodForbidden(
        'trusted_required',
        'This method requires an administrative consumer key.',
      );
    }
    if (!token) {
      throw UsosError.methodForbidden('user_missing', 'This method requires an access token.');
    }
    // docs/architecture.md: an administrative consumer is trusted like a system administrator.
    return {
      userId: token.caller.userId,
      systemAdmin: token.caller.systemAdmin || consumer.administrative,
    };
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
