import { Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { text } from 'express';
import { AuthModule } from '../../auth/auth.module';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { GroupsDomainModule } from '../../domain/groups-domain.module';
import { DialectErrorRegistry } from '../../common/dialect-error-renderer';
import { PublisherErrorRenderer } from './publisher-errors';
import { PublisherController } from './publisher.controller';
import { PublisherMapperService } from './publisher-mapper.service';

/** HighQ Publisher User Group API at /api/2/groups (docs/publisher.md). */
@Module({
  imports: [GroupsDomainModule, AuthModule],
  controllers: [PublisherController],
  providers: [PublisherMapperService, PublisherErrorRenderer],
})
export class PublisherModule implements NestModule {
  constructor(
    registry: DialectErrorRegistry,
    renderer: PublisherErrorRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    registry.register(renderer);
  }

  /**
   * JSON is the default when Content-Type is absent: read such bodies (which the global parsers
   * skip) as text, and the controller parses them as JSON. Bodies already parsed are left alone.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(text({ type: () => true, limit: this.config.bodyLimitBytes }))
      .forRoutes(PublisherController);
  }
}
