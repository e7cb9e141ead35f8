import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { join } from 'node:path';
import { ClassifiedError, DialectErrorRenderer } from '../common/dialect-error-renderer';
import { DomainErrorCode } from '../domain/domain-error';
import { csrfToken, CSRF_FIELD } from './web-csrf';
import {
  LANGUAGES,
  Language,
  MessageKey,
  negotiateLanguage,
  rememberLanguage,
  translate,
} from './web-i18n';
import { WebRequest } from './web-request';

/** Templates ship beside the compiled code (nest-cli.json copies src/web/views into dist). */
const VIEWS_DIR = join(__dirname, 'views');
export const STYLESHEET_URL = '/web/static/style.css';

/** The current URL with `lang` set, for the language switch. */
function urlInLanguage(req: Request, lang: Language): string {
  const url = new URL(req.originalUrl, 'http://local');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/**
 * Renders a page inside the layout: every template gets `t(key, params)` in the negotiated
 * language, `lang`, `user` (or null), `csrfField`/`csrfToken` for its forms, and the language
 * switch links. Autoescaping is on; pages carry no inline script or style (CSP).
 */
@Injectable()
export class WebPages {
  private readonly env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), {
    autoescape: true,
    throwOnUndefined: true,
  });

  render(
    req: WebRequest,
    res: Response,
    template: string,
    context: Record<string, unknown> = {},
    status = 200,
  ): void {
    const lang = negotiateLanguage(req);
    rememberLanguage(req, res);
    const html = this.env.render(template, {
      lang,
      t: (key: MessageKey, params?: Record<string, string | number>) =>
        translate(lang, key, params),
      user: req.webSession?.user ?? null,
      csrfField: CSRF_FIELD,
      csrfToken: req.webSession ? csrfToken(req, res) : null,
      stylesheet: STYLESHEET_URL,
      languages: LANGUAGES.map((code) => ({
        code,
        href: urlInLanguage(req, code),
        current: code === lang,
      })),
      ...context,
    });
    res.status(status);
    // Pages show per-user data and carry CSRF tokens: never cached.
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/html; charset=utf-8').send(html);
  }

  /** Renders failures under `prefixes` as an HTML error page in the page's language. */
  errorRenderer(prefixes: readonly string[]): DialectErrorRenderer {
    return {
      pathPrefixes: prefixes,
      render: (error: ClassifiedError, req: Request, res: Response) => {
        const status = statusOf(error);
        const key = `error.${status >= 500 ? 500 : status}`;
        const message = (['error.400', 'error.403', 'error.404', 'error.500'] as const).find(
          (known) => known === key,
        );
        this.render(
          req,
          res,
          'error.njk',
          {
            message: message ?? 'error.400',
            requestId: error.kind === 'internal' ? error.requestId : '',
          },
          status,
        );
      },
    };
  }
}

function statusOf(error: ClassifiedError): number {
  switch (error.kind) {
    case 'http':
      return error.status;
    case 'domain':
      return error.error.code === DomainErrorCode.NotFound ? 404 : 400;
    case 'internal':
      return 500;
  }
}
