import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';

/** Bearer token only (admin API, Publisher). */
@Injectable()
export class BearerAuthGuard extends AuthGuard('bearer') {}

/** HTTP Basic only (Jive: username and password). */
@Injectable()
export class BasicAuthGuard extends AuthGuard('basic') {}

/**
 * An API key as Bearer or as Basic `<key>:` (Civis). The header's scheme names the one strategy
 * that can succeed, so only that one runs (trying both cost every request a failed attempt).
 */
@Injectable()
export class ApiKeyAuthGuard implements CanActivate {
  constructor(
    private readonly bearer: BearerAuthGuard,
    private readonly basic: BasicAuthGuard,
  ) {}

  canActivate(context: ExecutionContext) {
    const scheme = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    return /^basic /i.test(scheme)
      ? this.basic.canActivate(context)
      : this.bearer.canActivate(context);
  }
}
