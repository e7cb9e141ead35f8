import {
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminCredentialsService } from '../admin/admin-credentials.service';
import { CreateOAuthConsumerDto } from '../admin/dto/admin-credentials.dto';
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
  shownTime,
  SystemAdminPageGuard,
  validForm,
} from './console-page';
import { ConsoleView } from './console-view.service';

/**
 * OAuth 1.0a consumers (the USOS dialect's applications), for system administrators: list,
 * create (the secret shown once, in the answer to the form), disable and enable, delete.
 */
@ApiExcludeController()
@Controller('console/oauth-consumers')
@UseGuards(WebSessionGuard, SignedInGuard, SystemAdminPageGuard)
export class ConsoleOAuthConsumersController {
  constructor(
    private readonly view: ConsoleView,
    private readonly credentials: AdminCredentialsService,
  ) {}

  @Get()
  async list(
    @CurrentWebSession() session: WebSession,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.renderList(session, req, res);
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(
    @CurrentWebSession() session: WebSession,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const form = { name: formText(body, 'name'), administrative: body?.administrative === 'on' };
    let created: { id: number; key: string; secret: string };
    try {
      const dto = await validForm(CreateOAuthConsumerDto, form);
      created = await this.credentials.createOAuthConsumer(callerOf(session), dto);
    } catch (error) {
      const failure = formFailure(error);
      return this.renderList(session, req, res, { failure, form }, failure.status);
    }
    // Rendered, not redirected: the secret must not travel in a URL or stay in the session.
    await this.renderList(
      session,
      req,
      res,
      { created: { ...created, name: form.name }, notice: 'console.notice.consumerCreated' },
      201,
    );
  }

  @Post(':id/disable')
  @UseGuards(CsrfGuard)
  async disable(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    await this.change(session, req, res, 'consumer-disabled', () =>
      this.credentials.setOAuthConsumerDisabled(callerOf(session), id, true),
    );
  }

  @Post(':id/enable')
  @UseGuards(CsrfGuard)
  async enable(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const id = pathId(rawId);
    await this.change(session, req, res, 'consumer-enabled', () =>
      this.credentials.setOAuthConsumerDisabled(callerOf(session), id, false),
    );
  }

  @Get(':id/delete')
  async confirmDelete(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const consumer = await this.consumer(session, pathId(rawId));
    this.view.render(req, res, 'consumers', 'consumer-delete.njk', { consumer });
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
    await this.change(session, req, res, 'consumer-deleted', () =>
      this.credentials.deleteOAuthConsumer(callerOf(session), id),
    );
  }

  /** A change, then back to the list with a notice; an unknown consumer is no page. */
  private async change(
    session: WebSession,
    req: WebRequest,
    res: Response,
    notice: Notice,
    work: () => Promise<unknown>,
  ) {
    try {
      await orNotFound(work());
    } catch (error) {
      const failure = formFailure(error);
      return this.renderList(session, req, res, { failure }, failure.status);
    }
    res.redirect(303, `/console/oauth-consumers?notice=${notice}`);
  }

  private async consumer(session: WebSession, id: number) {
    const consumers = await this.credentials.listOAuthConsumers(callerOf(session));
    const consumer = consumers.find((candidate) => candidate.id === id);
    if (!consumer) throw new NotFoundException();
    return consumer;
  }

  private async renderList(
    session: WebSession,
    req: WebRequest,
    res: Response,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const consumers = await this.credentials.listOAuthConsumers(callerOf(session));
    this.view.render(
      req,
      res,
      'consumers',
      'consumers.njk',
      {
        consumers: consumers.map((consumer) => ({
          ...consumer,
          createdAt: shownTime(consumer.createdAt),
          disabledAt: shownTime(consumer.disabledAt),
        })),
        created: null,
        form: { name: '', administrative: false },
        ...extra,
      },
      status,
    );
  }
}
