/**
 * How sign-in is throttled: the same mechanism as HTTP Basic (issue 18's LoginThrottleService,
 * shared through the database). Until that service is bound to SIGN_IN_THROTTLE, nothing is
 * throttled.
 */
export interface SignInThrottle {
  /** Seconds before `username` may be tried again from `ip`; 0 when it may be tried now. */
  retryAfterSeconds(username: string, ip: string): Promise<number>;
  recordFailure(username: string, ip: string): Promise<void>;
  recordSuccess(username: string, ip: string): Promise<void>;
}

export const SIGN_IN_THROTTLE = Symbol('SIGN_IN_THROTTLE');

export const NO_SIGN_IN_THROTTLE: SignInThrottle = {
  retryAfterSeconds: async () => 0,
  recordFailure: async () => undefined,
  recordSuccess: async () => undefined,
};
