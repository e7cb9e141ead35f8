import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { join } from 'node:path';

/** Paths served as web pages: only these read cookies (the APIs never do). */
export const WEB_PATHS = ['/web', '/services/oauth/authorize', '/console'];

/** What the web pages need from express: cookies, and the stylesheet from src/web/static. */
export function configureWeb(app: NestExpressApplication): void {
  app.use(WEB_PATHS, cookieParser());
  app.useStaticAssets(join(__dirname, 'static'), {
    prefix: '/web/static/',
    index: false,
    maxAge: '1h',
  });
}
