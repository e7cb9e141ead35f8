import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DialectErrorRegistry } from '../common/dialect-error-renderer';
import { GroupsDomainModule } from '../domain/groups-domain.module';
import { NO_SIGN_IN_THROTTLE, SIGN_IN_THROTTLE } from './sign-in-throttle';
import { CsrfGuard } from './web-csrf';
import { WebPages } from './web-pages.service';
import { SignedInGuard, WebSessionGuard } from './web-session.guard';
import { WebSessionRepository } from './web-session.repository';
import { WebSessionService } from './web-session.service';
import { WebSignInController } from './web-sign-in.controller';

/**
 * The human-facing pages (DESIGN.md `web/`): session, sign-in, CSRF, layout and i18n, shared by
 * the USOS consent pages and the admin console. How a page module uses it: docs/web.md.
 */
@Module({
  imports: [AuthModule, GroupsDomainModule],
  controllers: [WebSignInController],
  providers: [
    WebSessionRepository,
    WebSessionService,
    WebSessionGuard,
    SignedInGuard,
    CsrfGuard,
    WebPages,
    { provide: SIGN_IN_THROTTLE, useValue: NO_SIGN_IN_THROTTLE },
  ],
  exports: [WebSessionService, WebSessionGuard, SignedInGuard, CsrfGuard, WebPages],
})
export class WebModule {
  constructor(registry: DialectErrorRegistry, pages: WebPages) {
    registry.register(pages.errorRenderer(['/web']));
  }
}
