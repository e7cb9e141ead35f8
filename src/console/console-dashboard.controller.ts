import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { GroupDirectoryService } from '../domain/group-directory.service';
import { GroupsService } from '../domain/groups.service';
import { OrganizationsService } from '../domain/organizations.service';
import { UserDirectoryService } from '../domain/user-directory.service';
import { WebRequest } from '../web/web-request';
import { CurrentWebSession, SignedInGuard, WebSessionGuard } from '../web/web-session.guard';
import { WebSession } from '../web/web-session.service';
import { callerOf, shownTime } from './console-page';
import { ConsoleView } from './console-view.service';

/** The console's start page: how much there is, and what changed last. */
@ApiExcludeController()
@Controller('console')
@UseGuards(WebSessionGuard, SignedInGuard)
export class ConsoleDashboardController {
  constructor(
    private readonly view: ConsoleView,
    private readonly groupDirectory: GroupDirectoryService,
    private readonly userDirectory: UserDirectoryService,
    private readonly organizations: OrganizationsService,
    private readonly groups: GroupsService,
  ) {}

  @Get()
  async dashboard(
    @CurrentWebSession() session: WebSession,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const caller = callerOf(session);
    const [groups, users, organizations, recent] = await Promise.all([
      this.groupDirectory.searchGroups(caller, { limit: 1 }),
      this.userDirectory.searchUsers(caller, { limit: 1 }),
      this.organizations.listOrganizations(caller, { limit: 1 }),
      this.groups.listGroups(caller, {
        sort: [{ field: 'updatedAt', direction: 'desc' }],
        limit: 8,
        columns: 'summary',
      }),
    ]);
    this.view.render(req, res, 'dashboard', 'dashboard.njk', {
      counts: { groups, users, organizations },
      recent: recent.items.map((group) => ({
        id: group.id,
        name: group.name,
        updatedAt: shownTime(group.updatedAt),
      })),
    });
  }
}
