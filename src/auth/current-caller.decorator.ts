import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Caller } from '../domain/caller';

/** The authenticated caller that a passport guard (or the OAuth guard) put on the request. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<{ user: Caller }>().user;
});
