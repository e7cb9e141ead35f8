import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Too many failed credentials for a username or a client address. Every dialect renders it as its
 * own 429; the global filter adds `Retry-After: <retryAfterSeconds>`.
 */
export class LoginThrottledError extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'Too many failed sign-in attempts; retry after the time in Retry-After',
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
