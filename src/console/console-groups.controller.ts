import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessLevel, isAccessLevel } from '../domain/access-level';
import { Caller } from '../domain/caller';
import { DomainError } from '../domain/domain-error';
import { GroupDirectoryService } from '../domain/group-directory.service';
import { GroupsService } from '../domain/groups.service';
import { MembershipService } from '../domain/membership.service';
import { PropertiesService } from '../domain/properties.service';
import { SharesService } from '../domain/shares.service';
import { UserDirectoryService } from '../domain/user-directory.service';
import { UsersService } from '../domain/users.service';
import { CsrfGuard } from '../web/web-csrf';
import { WebRequest } from '../web/web-request';
import { CurrentWebSession, SignedInGuard, WebSessionGuard } from '../web/web-session.guard';
import { WebSession } from '../web/web-session.service';
import {
  callerOf,
  FormBody,
  formFailure,
  formText,
  Notice,
  orNotFound,
  pathId,
  queryText,
} from './console-page';
import { ConsoleView } from './console-view.service';

/** Which part of the group page a refused form belongs to, to show the refusal beside it. */
type GroupSection =
  'details' | 'members' | 'children' | 'administrators' | 'shares' | 'properties' | 'emails';

const PICK_LIMIT = 8;

/**
 * Groups in the console: find one among a million as you type, create, edit, delete, and manage
 * members, e-mail members, nested groups, administrators, shares and properties. Every read and write goes through the
 * domain as the signed-in user, so the access policy decides what they see and may change.
 */
@ApiExcludeController()
@Controller('console/groups')
@UseGuards(WebSessionGuard, SignedInGuard)
export class ConsoleGroupsController {
  constructor(
    private readonly view: ConsoleView,
    private readonly directory: GroupDirectoryService,
    private readonly userDirectory: UserDirectoryService,
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly shares: SharesService,
    private readonly properties: PropertiesService,
    private readonly users: UsersService,
  ) {}

  @Get()
  async list(
    @CurrentWebSession() session: WebSession,
    @Query('q') rawQ: unknown,
    @Query('cursor') cursor: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const q = queryText(rawQ);
    const page = await this.directory.searchGroups(callerOf(session), {
      q: q || undefined,
      cursor: queryText(cursor) || undefined,
      limit: 25,
    });
    const next = page.nextCursor
      ? `/console/groups?${new URLSearchParams({ q, cursor: page.nextCursor }).toString()}`
      : null;
    this.view.render(req, res, 'groups', 'groups.njk', { q, page, next, name: '' });
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(
    @CurrentWebSession() session: WebSession,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const name = formText(body, 'name');
    try {
      const group = await this.groups.createGroup(callerOf(session), {
        name,
        description: formText(body, 'description') || null,
      });
      res.redirect(303, `/console/groups/${group.id}?notice=group-created`);
    } catch (error) {
      const failure = formFailure(error);
      const page = await this.directory.searchGroups(callerOf(session), { limit: 25 });
      this.view.render(
        req,
        res,
        'groups',
        'groups.njk',
        { q: '', page, next: null, name, failure },
        failure.status,
      );
    }
  }

  @Get(':id')
  async show(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Query() query: Record<string, unknown>,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    this.view.render(req, res, 'groups', 'group.njk', await this.groupPage(session, id, query));
  }

  @Post(':id')
  @UseGuards(CsrfGuard)
  async update(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    await this.change(session, id, req, res, 'details', 'group-saved', (caller) =>
      this.groups.updateGroup(caller, id, {
        name: formText(body, 'name'),
        description: formText(body, 'description') || null,
      }),
    );
  }

  @Post(':id/members')
  @UseGuards(CsrfGuard)
  async addMember(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const userId = Number(formText(body, 'userId'));
    await this.change(session, id, req, res, 'members', 'member-added', (caller) =>
      this.membership.addMembers(caller, id, [userId], { param: 'userId' }),
    );
  }

  @Post(':id/members/:userId/remove')
  @UseGuards(CsrfGuard)
  async removeMember(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Param('userId') rawUserId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const userId = pathId(rawUserId);
    await this.change(session, id, req, res, 'members', 'member-removed', (caller) =>
      this.membership.removeMembers(caller, id, [userId], { param: 'userId' }),
    );
  }

  @Post(':id/children')
  @UseGuards(CsrfGuard)
  async addChild(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const childId = Number(formText(body, 'childId'));
    await this.change(session, id, req, res, 'children', 'child-added', (caller) =>
      this.membership.addChildren(caller, id, [childId], { param: 'childId' }),
    );
  }

  @Post(':id/children/:childId/remove')
  @UseGuards(CsrfGuard)
  async removeChild(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Param('childId') rawChildId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const childId = pathId(rawChildId);
    await this.change(session, id, req, res, 'children', 'child-removed', (caller) =>
      this.membership.removeChildren(caller, id, [childId]),
    );
  }

  @Post(':id/administrators')
  @UseGuards(CsrfGuard)
  async addAdministrator(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const userId = Number(formText(body, 'userId'));
    await this.change(session, id, req, res, 'administrators', 'administrator-added', (caller) =>
      this.shares.addAdministrator(caller, id, userId),
    );
  }

  @Post(':id/administrators/:userId/remove')
  @UseGuards(CsrfGuard)
  async removeAdministrator(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Param('userId') rawUserId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const userId = pathId(rawUserId);
    await this.change(session, id, req, res, 'administrators', 'administrator-removed', (caller) =>
      this.shares.removeAdministrator(caller, id, userId),
    );
  }

  /** Creates or replaces; the name travels in the body, as a property name may hold anything. */
  @Post(':id/properties')
  @UseGuards(CsrfGuard)
  async setProperty(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const name = formText(body, 'name');
    const value = typeof body?.value === 'string' ? body.value : '';
    await this.change(session, id, req, res, 'properties', 'property-saved', (caller) =>
      this.properties.setProperty(caller, id, name, value),
    );
  }

  @Post(':id/properties/remove')
  @UseGuards(CsrfGuard)
  async removeProperty(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const name = typeof body?.name === 'string' ? body.name : '';
    await this.change(session, id, req, res, 'properties', 'property-removed', (caller) =>
      this.properties.deleteProperty(caller, id, name),
    );
  }

  @Post(':id/shares')
  @UseGuards(CsrfGuard)
  async share(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const level = formText(body, 'level');
    const name = formText(body, 'name');
    const kind = formText(body, 'kind');
    await this.change(session, id, req, res, 'shares', 'share-saved', async (caller) => {
      if (!isAccessLevel(level)) throw DomainError.invalid('level', 'Choose a level');
      if (kind === 'group') {
        const group = await this.groups.getGroupByName(caller, name);
        return this.shares.shareWithGroups(caller, id, [group.id], level as AccessLevel);
      }
      const user = name ? await this.users.findUserByUsername(name) : null;
      if (!user) throw DomainError.notFound('user', name, 'name');
      return this.shares.shareWithUsers(caller, id, [user.id], level as AccessLevel);
    });
  }

  @Post(':id/shares/:kind/:principalId/remove')
  @UseGuards(CsrfGuard)
  async unshare(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Param('kind') kind: string,
    @Param('principalId') rawPrincipalId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const principalId = pathId(rawPrincipalId);
    await this.change(session, id, req, res, 'shares', 'share-removed', (caller) =>
      kind === 'group'
        ? this.shares.unshareGroup(caller, id, principalId)
        : this.shares.unshareUser(caller, id, principalId),
    );
  }

  @Post(':id/email-members')
  @UseGuards(CsrfGuard)
  async replaceEmails(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const emails = formText(body, 'emails')
      .split(/\s+/)
      .filter((line) => line !== '');
    await this.change(session, id, req, res, 'emails', 'emails-saved', (caller) =>
      this.groups.updateGroup(caller, id, { emailMembers: emails }),
    );
  }

  @Get(':id/delete')
  async confirmDelete(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const group = await orNotFound(this.groups.getGroup(callerOf(session), pathId(rawId)));
    this.view.render(req, res, 'groups', 'group-delete.njk', { group });
  }

  @Post(':id/delete')
  @UseGuards(CsrfGuard)
  async delete(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const caller = callerOf(session);
    try {
      await this.groups.deleteGroup(caller, id);
    } catch (error) {
      const failure = formFailure(error);
      if (failure.status === 404) return orNotFound(Promise.reject(error));
      const group = await this.groups.getGroup(caller, id);
      return this.view.render(req, res, 'groups', 'group-delete.njk', { group, failure }, 403);
    }
    res.redirect(303, '/console/groups?notice=group-deleted');
  }

  @Get(':id/members/:userId/explain')
  async explain(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Param('userId') rawUserId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const caller = callerOf(session);
    const id = pathId(rawId);
    const userId = pathId(rawUserId);
    const [group, explanation, member] = await Promise.all([
      orNotFound(this.groups.getGroup(caller, id)),
      orNotFound(this.directory.explainMembership(caller, id, userId)),
      orNotFound(this.users.getUser(userId)),
    ]);
    this.view.render(req, res, 'groups', 'explain.njk', { group, explanation, member });
  }

  /**
   * Runs a change as the signed-in user, then back to the group page with a notice; a refusal
   * is shown beside the form that caused it, with the domain's message.
   */
  private async change(
    session: WebSession,
    id: number,
    req: WebRequest,
    res: Response,
    section: GroupSection,
    notice: Notice,
    work: (caller: Caller) => Promise<unknown>,
  ) {
    try {
      await work(callerOf(session));
    } catch (error) {
      const failure = formFailure(error);
      const context = await this.groupPage(session, id, {});
      return this.view.render(
        req,
        res,
        'groups',
        'group.njk',
        { ...context, failure: { ...failure, section } },
        failure.status,
      );
    }
    res.redirect(303, `/console/groups/${id}?notice=${notice}#${section}`);
  }

  private async groupPage(session: WebSession, id: number, query: Record<string, unknown>) {
    const caller = callerOf(session);
    const group = await orNotFound(this.directory.getGroup(caller, id));
    const userQuery = queryText(query.userQuery);
    const nestQuery = queryText(query.nestQuery);
    const adminQuery = queryText(query.adminQuery);
    const [
      members,
      effective,
      children,
      administrators,
      shares,
      properties,
      emails,
      userCandidates,
      groupCandidates,
      adminCandidates,
    ] = await Promise.all([
      this.directory.listDirectMembers(caller, id, {
        cursor: queryText(query.membersCursor) || undefined,
        limit: 50,
      }),
      this.directory.listEffectiveMembers(caller, id, { limit: 50 }),
      this.membership.listChildren(caller, id),
      this.shares.listAdministrators(caller, id),
      this.shares.listShares(caller, id),
      this.properties.listProperties(caller, id),
      this.membership.listEmailMembers(caller, id),
      userQuery
        ? this.userDirectory.searchUsers(caller, { q: userQuery, limit: PICK_LIMIT })
        : null,
      nestQuery ? this.directory.searchGroups(caller, { q: nestQuery, limit: PICK_LIMIT }) : null,
      adminQuery
        ? this.userDirectory.searchUsers(caller, { q: adminQuery, limit: PICK_LIMIT })
        : null,
    ]);
    return {
      group,
      members,
      effective,
      children,
      administrators,
      shares,
      properties,
      emails: emails.join('\n'),
      userQuery,
      nestQuery,
      adminQuery,
      userCandidates: userCandidates?.items ?? null,
      adminCandidates: adminCandidates?.items ?? null,
      groupCandidates: groupCandidates?.items.filter((g) => g.id !== id) ?? null,
      moreMembers: members.nextCursor
        ? `/console/groups/${id}?membersCursor=${encodeURIComponent(members.nextCursor)}#members`
        : null,
    };
  }
}
