import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuthModule } from '../../auth/auth.module';
import { GroupsDomainModule } from '../../domain/groups-domain.module';
import { DialectErrorRegistry } from '../../common/dialect-error-renderer';
import { CivisErrorRenderer, setCivisCacheHeaders } from './civis-errors';
import { CivisEndpointsController } from './civis-endpoints.controller';
import { CivisGroupsController } from './civis-groups.controller';
import { CivisMapperService } from './civis-mapper.service';

function civisCacheHeaders(_req: Request, res: Response, next: NextFunction): void {
  setCivisCacheHeaders(res);
  next();
}

/** Civis Platform `/groups` (issue 6), and the spec civis-python downloads from `/endpoints`. */
@Module({
  imports: [GroupsDomainModule, AuthModule],
  controllers: [CivisGroupsController, CivisEndpointsController],
  providers: [CivisMapperService, CivisErrorRenderer],
})
export class CivisModule implements NestModule {
  constructor(registry: DialectErrorRegistry, renderer: CivisErrorRenderer) {
    registry.register(renderer);
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(civisCacheHeaders).forRoutes(CivisGroupsController, CivisEndpointsController);
  }
}
