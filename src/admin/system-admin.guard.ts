import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Caller } from '../domain/caller';
import { DomainError } from '../domain/domain-error';

/** After authentication: the native admin API is for system administrators only (403 otherwise). */
@Injectable()
export class SystemAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
    if (!caller?.systemAdmin)
      throw DomainError.forbidden('The admin API is for system administrators');
    return true;
  }
}
