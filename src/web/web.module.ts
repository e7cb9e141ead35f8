import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DialectErrorRegistry } from '../common/dialect-error-renderer';
import { PersistenceModule } from '../persistence/persistence.module';
import { CsrfGuard } from './web-csrf';
import { WebPages } from './web-pages.service';
import { SignedInGuard, WebSessionGuard } from './web-session.guard';
import { WebSessionRepository } from './web-session.repository';
import { WebSessionService } from './web-session.service';
import { WebSignInController } from './web-sign-in.controller';

/**
 * The human-facing pages (docs/architecture.md `web/`): session, sign-in, CSRF, layout and i18n, shared by
 * the USOS consent pages and the admin console. How a page module uses it: docs/web.md.
 */
@Module({
  imports: [AuthModule, PersistenceModule],
  controllers: [WebSignInController],
  providers: [
    WebSessionRepository,
    WebSessionService,
    WebSessionGuard,
    SignedInGuard,
    CsrfGuard,
    WebPages,
  ],
  exports: [WebSessionService, WebSessionGuard, SignedInGuard, CsrfGuard, WebPages],
})
export class WebModule {
  constructor(registry: DialectErrorRegistry, pages: WebPages) {
    registry.register(pages.errorRenderer(['/web']));
  }
}
