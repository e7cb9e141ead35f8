import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminService } from '../admin/admin.service';
import { CreateOrganizationDto } from '../admin/dto/admin.dto';
import { UpdateOrganizationDto } from '../admin/dto/admin-group-bodies.dto';
import { OrganizationsService } from '../domain/organizations.service';
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
  SystemAdminPageGuard,
  validForm,
} from './console-page';
import { ConsoleView } from './console-view.service';

/** Organizations, for system administrators: find, create, rename, delete. */
@ApiExcludeController()
@Controller('console/organizations')
@UseGuards(WebSessionGuard, SignedInGuard, SystemAdminPageGuard)
export class ConsoleOrganizationsController {
  constructor(
    private readonly view: ConsoleView,
    private readonly admin: AdminService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get()
  async list(
    @CurrentWebSession() session: WebSession,
    @Query('q') rawQ: unknown,
    @Query('cursor') cursor: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.renderList(session, req, res, queryText(rawQ), queryText(cursor));
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
    await this.change(session, req, res, 'organization-created', { name }, async () => {
      await this.admin.createOrganization(
        callerOf(session),
        await validForm(CreateOrganizationDto, { name }),
      );
    });
  }

  @Post(':id')
  @UseGuards(CsrfGuard)
  async rename(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    const name = formText(body, 'name');
    await this.change(session, req, res, 'organization-renamed', { name: '' }, async () => {
      const dto = await validForm(UpdateOrganizationDto, { name });
      await orNotFound(this.organizations.updateOrganization(callerOf(session), id, dto.name));
    });
  }

  @Get(':id/delete')
  async confirmDelete(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const organization = await orNotFound(
      this.organizations.getOrganization(callerOf(session), pathId(rawId)),
    );
    this.view.render(req, res, 'organizations', 'organization-delete.njk', { organization });
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
    await this.change(session, req, res, 'organization-deleted', { name: '' }, () =>
      orNotFound(this.organizations.deleteOrganization(callerOf(session), id)),
    );
  }

  /** A change, then back to the list with a notice; a refusal beside the forms (4xx). */
  private async change(
    session: WebSession,
    req: WebRequest,
    res: Response,
    notice: Notice,
    form: { name: string },
    work: () => Promise<unknown>,
  ) {
    try {
      await work();
    } catch (error) {
      const failure = formFailure(error);
      return this.renderList(session, req, res, '', '', { failure, form }, failure.status);
    }
    res.redirect(303, `/console/organizations?notice=${notice}`);
  }

  private async renderList(
    session: WebSession,
    req: WebRequest,
    res: Response,
    q: string,
    cursor: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const page = await this.organizations.listOrganizations(callerOf(session), {
      q: q || undefined,
      cursor: cursor || undefined,
      limit: 25,
    });
    const next = page.nextCursor
      ? `/console/organizations?${new URLSearchParams({ q, cursor: page.nextCursor }).toString()}`
      : null;
    this.view.render(
      req,
      res,
      'organizations',
      'organizations.njk',
      { q, page, next, form: { name: '' }, ...extra },
      status,
    );
  }
}
