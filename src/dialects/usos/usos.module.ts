import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { GroupsDomainModule } from '../../domain/groups-domain.module';
import { DialectErrorRegistry } from '../../common/dialect-error-renderer';
import { UsosController } from './usos.controller';
import { UsosMapperService } from './usos-mapper.service';
import { UsosErrorRenderer } from './usos-errors';
import { UsosOAuthGuard } from './usos-oauth.guard';

/** USOS API `services/csgroups` (issue 3): OAuth 1.0a, field selectors, json/jsonp/xmlmap2. */
@Module({
  imports: [GroupsDomainModule, AuthModule],
  controllers: [UsosController],
  providers: [UsosMapperService, UsosOAuthGuard, UsosErrorRenderer],
})
export class UsosModule {
  constructor(registry: DialectErrorRegistry, renderer: UsosErrorRenderer) {
    registry.register(renderer);
  }
}
