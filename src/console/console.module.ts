import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { DialectErrorRegistry } from '../common/dialect-error-renderer';
import { GroupsDomainModule } from '../domain/groups-domain.module';
import { WebModule } from '../web/web.module';
import { WebPages } from '../web/web-pages.service';
import { ConsoleAssetsController } from './console-assets.controller';
import { ConsoleDashboardController } from './console-dashboard.controller';
import { ConsoleGroupsController } from './console-groups.controller';
import { ConsoleOAuthConsumersController } from './console-oauth-consumers.controller';
import { ConsoleOrganizationsController } from './console-organizations.controller';
import { ConsoleTokensController } from './console-tokens.controller';
import { ConsoleUsersController } from './console-users.controller';
import { ConsoleView } from './console-view.service';

/**
 * `/console`: server-rendered pages for administrators and group owners (docs/console.md), on
 * the web pages' sign-in, session, CSRF, layout and languages, enhanced by htmx.
 */
@Module({
  imports: [WebModule, GroupsDomainModule, AdminModule],
  controllers: [
    ConsoleAssetsController,
    ConsoleDashboardController,
    ConsoleGroupsController,
    ConsoleUsersController,
    ConsoleTokensController,
    ConsoleOrganizationsController,
    ConsoleOAuthConsumersController,
  ],
  providers: [ConsoleView],
})
export class ConsoleModule {
  constructor(registry: DialectErrorRegistry, pages: WebPages) {
    registry.register(pages.errorRenderer(['/console']));
  }
}
