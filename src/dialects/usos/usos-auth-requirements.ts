import { SetMetadata } from '@nestjs/common';

/**
 * What a USOS method's reference page states under "Consumer / Token" and "Administrative", read
 * by UsosOAuthGuard. Every method here requires a consumer signature.
 */
export interface UsosAuthRequirements {
  /** Which token may sign: an access token, a request token (access_token), or none at all. */
  readonly token: 'access' | 'request' | 'ignored';
  /** Token "required" rather than "optional". */
  readonly tokenRequired: boolean;
  /** "Consumer: required (administrative)". */
  readonly administrative: boolean;
  /** An administrative consumer may act for a user with `as_user_id` instead of a token. */
  readonly asUserId: boolean;
}

export const USOS_AUTH_REQUIREMENTS = 'usos:auth-requirements';

/** csgroups (USOS 6.1.2): administrative consumer, and an access token or `as_user_id`. */
export const CSGROUPS_AUTH: UsosAuthRequirements = {
  token: 'access',
  tokenRequired: true,
  administrative: true,
  asUserId: true,
};

/** Declares a route's requirements; routes without it get CSGROUPS_AUTH. */
export const UsosAuth = (requirements: UsosAuthRequirements) =>
  SetMetadata(USOS_AUTH_REQUIREMENTS, requirements);
