import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BearerAuthGuard } from '../../auth/auth.guards';
import { Caller } from '../../domain/caller';
import { DirectoryService } from '../../domain/directory.service';
import { DomainError } from '../../domain/domain-error';

/**
 * A bearer token of a system administrator, or of a user with the provisioning role (granted
 * through the admin API), who is then trusted like a system administrator within SCIM — as a
 * USOS administrative consumer is within csgroups. The directory keeps privileged accounts out
 * of its reach (DirectoryRepository).
 */
@Injectable()
export class ScimAuthGuard implements CanActivate {
  constructor(
    private readonly bearer: BearerAuthGuard,
    private readonly directory: DirectoryService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.bearer.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user: Caller }>();
    if (req.user.systemAdmin) return true;
    if (!(await this.directory.isProvisioner(req.user.userId)))
      throw DomainError.forbidden('SCIM needs a system administrator or a provisioning token');
    req.user = { userId: req.user.userId, systemAdmin: true };
    return true;
  }
}
