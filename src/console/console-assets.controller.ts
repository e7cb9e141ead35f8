import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

/** htmx comes from npm and is served by the app: no CDN, and a same-origin script for the CSP. */
const HTMX_PATH = require.resolve('htmx.org/dist/htmx.min.js');

@ApiExcludeController()
@Controller('console/assets')
export class ConsoleAssetsController {
  @Get('htmx.min.js')
  htmx(@Res() res: Response) {
    res.sendFile(HTMX_PATH, { maxAge: '1h', headers: { 'Content-Type': 'text/javascript' } });
  }
}
