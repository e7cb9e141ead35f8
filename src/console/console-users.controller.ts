import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminService } from '../admin/admin.service';
import { CreateUserDto, UpdateUserDto } from '../admin/dto/admin.dto';
import { UserDirectoryService } from '../domain/user-directory.service';
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
  pathId,
  queryText,
  validForm,
} from './console-page';
import { ConsoleView } from './console-view.service';

/**
 * Users in the console: everyone signed in may find users (to add them to groups); creating,
 * deactivating and setting passwords is for system administrators, as in the admin API.
 */
@ApiExcludeController()
@Controller('console/users')
@UseGuards(WebSessionGuard, SignedInGuard)
export class ConsoleUsersController {
  constructor(
    private readonly view: ConsoleView,
    private readonly directory: UserDirectoryService,
    private readonly admin: AdminService,
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
    const fields = {
      username: formText(body, 'username'),
      firstName: formText(body, 'firstName'),
      lastName: formText(body, 'lastName'),
      email: formText(body, 'email') || null,
      password: formText(body, 'password') || undefined,
    };
    try {
      const user = await this.admin.createUser(
        callerOf(session),
        await validForm(CreateUserDto, fields),
      );
      res.redirect(
        303,
        `/console/users?q=${encodeURIComponent(user.username)}&notice=user-created`,
      );
    } catch (error) {
      const failure = formFailure(error);
      await this.renderList(session, req, res, '', '', { failure, form: fields }, failure.status);
    }
  }

  @Post(':id/deactivate')
  @UseGuards(CsrfGuard)
  async deactivate(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.update(
      session,
      req,
      res,
      pathId(rawId),
      body,
      { active: false },
      'user-deactivated',
    );
  }

  @Post(':id/activate')
  @UseGuards(CsrfGuard)
  async activate(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.update(session, req, res, pathId(rawId), body, { active: true }, 'user-activated');
  }

  @Post(':id/password')
  @UseGuards(CsrfGuard)
  async setPassword(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const password = formText(body, 'password');
    await this.update(session, req, res, pathId(rawId), body, { password }, 'password-set');
  }

  private async update(
    session: WebSession,
    req: WebRequest,
    res: Response,
    id: number,
    body: FormBody,
    changes: Record<string, unknown>,
    notice: Notice,
  ) {
    const q = formText(body, 'q');
    try {
      await this.admin.updateUser(callerOf(session), id, await validForm(UpdateUserDto, changes));
    } catch (error) {
      const failure = formFailure(error);
      return this.renderList(session, req, res, q, '', { failure }, failure.status);
    }
    res.redirect(303, `/console/users?${new URLSearchParams({ q, notice }).toString()}`);
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
    const page = await this.directory.searchUsers(callerOf(session), {
      q: q || undefined,
      cursor: cursor || undefined,
      limit: 25,
    });
    const next = page.nextCursor
      ? `/console/users?${new URLSearchParams({ q, cursor: page.nextCursor }).toString()}`
      : null;
    const form = { username: '', firstName: '', lastName: '', email: '' };
    this.view.render(req, res, 'users', 'users.njk', { q, page, next, form, ...extra }, status);
  }
}
