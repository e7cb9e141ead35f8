import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { parseOutputFormat, usosParams } from './usos-request';
import { sendUsosResult } from './usos-views';

/** The USOS API version whose csgroups Groupbridge speaks (the seed's reference page). */
export const USOS_API_VERSION = '6.1.2.0';

/** USOS servers answer in Polish local time, without a zone. */
const WARSAW_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:MM:SS.ffffff` as `services/apisrv/now` writes it. */
export function usosNow(date: Date): string {
  const part = Object.fromEntries(WARSAW_TIME.formatToParts(date).map((p) => [p.type, p.value]));
  const micros = String(date.getMilliseconds() * 1000).padStart(6, '0');
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}.${micros}`;
}

/** `services/apisrv/now` and `installation`: "Consumer: ignored, Token: ignored". */
@ApiTags('usos')
@Controller('services/apisrv')
export class UsosApisrvController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('now')
  nowViaGet(@Req() req: Request, @Res() res: Response) {
    sendUsosResult(res, parseOutputFormat(usosParams(req)), usosNow(new Date()));
  }

  @Post('now')
  nowViaPost(@Req() req: Request, @Res() res: Response) {
    this.nowViaGet(req, res);
  }

  @Get('installation')
  installationViaGet(@Req() req: Request, @Res() res: Response) {
    sendUsosResult(res, parseOutputFormat(usosParams(req)), {
      base_url: this.baseUrl(req),
      version: USOS_API_VERSION,
      institution_name: { pl: this.config.institutionName.pl, en: this.config.institutionName.en },
      contact_emails: [],
    });
  }

  @Post('installation')
  installationViaPost(@Req() req: Request, @Res() res: Response) {
    this.installationViaGet(req, res);
  }

  /** USOS base URLs end with a slash: `<base_url>services/…`. */
  private baseUrl(req: Request): string {
    return `${this.config.publicUrl ?? `${req.protocol}://${req.host}`}/`;
  }
}
