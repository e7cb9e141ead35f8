import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuthModule } from '../../auth/auth.module';
import { GroupsDomainModule } from '../../domain/groups-domain.module';
import { DialectErrorRegistry } from '../../common/dialect-error-renderer';
import { ScimAuthGuard } from './scim-auth.guard';
import { ScimDiscoveryController } from './scim-discovery.controller';
import { SCIM_CONTENT_TYPE, ScimErrorRenderer } from './scim-errors';
import { ScimGroupsController } from './scim-groups.controller';
import { ScimMapperService } from './scim-mapper.service';
import { ScimUsersController } from './scim-users.controller';

/** Every SCIM answer is application/scim+json (RFC 7644 §3.1); express keeps a type already set. */
function scimContentType(_req: Request, res: Response, next: NextFunction): void {
  res.type(SCIM_CONTENT_TYPE);
  next();
}

/** SCIM 2.0 at /scim/v2 (issue 21): identity providers provision users and groups. */
@Module({
  imports: [GroupsDomainModule, AuthModule],
  controllers: [ScimUsersController, ScimGroupsController, ScimDiscoveryController],
  providers: [ScimMapperService, ScimAuthGuard, ScimErrorRenderer],
})
export class ScimModule implements NestModule {
  constructor(registry: DialectErrorRegistry, renderer: ScimErrorRenderer) {
    registry.register(renderer);
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(scimContentType)
      .forRoutes(ScimUsersController, ScimGroupsController, ScimDiscoveryController);
  }
}
