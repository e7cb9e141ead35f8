import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WebPages } from '../web/web-pages.service';
import { WebRequest } from '../web/web-request';
import { noticeKey } from './console-page';

export type ConsoleSection =
  'dashboard' | 'groups' | 'users' | 'tokens' | 'organizations' | 'consumers';

/** Renders console pages: the web layout plus the console's navigation, banner and notices. */
@Injectable()
export class ConsoleView {
  constructor(
    private readonly pages: WebPages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  render(
    req: WebRequest,
    res: Response,
    section: ConsoleSection,
    template: string,
    context: Record<string, unknown>,
    status = 200,
  ): void {
    this.pages.render(
      req,
      res,
      `console/${template}`,
      {
        section,
        readOnly: this.config.readOnly,
        notice: noticeKey(req.query.notice),
        failure: null,
        ...context,
      },
      status,
    );
  }
}
