import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { DialectErrorRegistry } from '../../common/dialect-error-renderer';
import { GroupsDomainModule } from '../../domain/groups-domain.module';
import { WebPages } from '../../web/web-pages.service';
import { WebModule } from '../../web/web.module';
import { UsosApisrvController } from './usos-apisrv.controller';
import { UsosErrorRenderer } from './usos-errors';
import { UsosMapperService } from './usos-mapper.service';
import { UsosOAuthAuthorizeController } from './usos-oauth-authorize.controller';
import { UsosOAuthController } from './usos-oauth.controller';
import { UsosOAuthGuard } from './usos-oauth.guard';
import { UsosUsersController } from './usos-users.controller';
import { UsosController } from './usos.controller';

/**
 * USOS API: `services/csgroups` (issue 3) with OAuth 1.0a, field selectors, json/jsonp/xmlmap2;
 * the OAuth dance (`services/oauth`, its consent pages on `web/`), `services/users/user` and
 * `services/apisrv` (issue 19).
 */
@Module({
  imports: [GroupsDomainModule, AuthModule, WebModule],
  controllers: [
    UsosController,
    UsosOAuthController,
    UsosOAuthAuthorizeController,
    UsosUsersController,
    UsosApisrvController,
  ],
  providers: [UsosMapperService, UsosOAuthGuard, UsosErrorRenderer],
})
export class UsosModule {
  constructor(registry: DialectErrorRegistry, renderer: UsosErrorRenderer, pages: WebPages) {
    registry.register(renderer);
    // The consent page is a web page: its failures are HTML, not USOS JSON.
    registry.register(pages.errorRenderer(['/services/oauth/authorize']));
  }
}
