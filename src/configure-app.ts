import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { urlencoded } from 'express';
import { refuseCrossSiteWrites } from './common/cross-site-guard';
import { refuseDeepJson } from './common/json-depth';
import { assignRequestId } from './common/request-id';
import { xmlBodyParser } from './common/xml-body';
import { securityHeaders } from './common/security-headers';
import { AppConfig } from './config/app-config';
import { DialectErrorRegistry } from './common/dialect-error-renderer';
import { DialectExceptionFilter } from './common/dialect-exception.filter';
import { AppLogger } from './operations/app-logger';
import { MetricsService } from './operations/metrics.service';
import { configureWeb } from './web/configure-web';

/** Form fields one request may carry (body-parser's default, made explicit). */
const MAX_FORM_FIELDS = 1000;

/** Everything main.ts applies to the app, shared with the tests so they cannot drift. */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useLogger(app.get(AppLogger));
  app.use(assignRequestId);
  app.use(app.get(MetricsService).observeRequests);
  app.use(securityHeaders);
  app.use(refuseCrossSiteWrites(config.publicUrl));
  if (config.trustProxy) app.set('trust proxy', true);
  app.disable('x-powered-by');
  // None of the four APIs offers conditional GETs (Civis answers no-store), so express's default
  // ETag would only hash every body (a SHA-1 over each list or member page).
  app.set('etag', false);
  const limit = config.bodyLimitBytes;
  // Jive clients send XML with any Content-Type, or none: under /rpc/rest every body is text.
  // Registered first; body-parser skips a body another parser has already read.
  app.use('/rpc/rest', ...xmlBodyParser({ limit, type: () => true }));
  app.use(xmlBodyParser({ limit, type: ['application/xml', 'text/xml', 'application/*+xml'] }));
  // USOS signs form parameters by name and value exactly as sent (RFC 5849 §3.4.1.3.1), so its
  // forms keep bracketed names (`tags[]`) as written; `extended` parsing would rewrite them.
  app.use('/services', urlencoded({ limit, extended: false, parameterLimit: MAX_FORM_FIELDS }));
  // SCIM clients send application/scim+json (RFC 7644 §3.1).
  app.useBodyParser('json', { limit, type: ['application/json', 'application/scim+json'] });
  app.use(refuseDeepJson);
  // Bounded fields: beyond the limit body-parser answers 413 "too many parameters".
  app.useBodyParser('urlencoded', { limit, extended: true, parameterLimit: MAX_FORM_FIELDS });
  // Publisher reads a text/plain body as JSON.
  app.useBodyParser('text', { limit, type: ['text/plain'] });
  configureWeb(app);
  app.useGlobalFilters(new DialectExceptionFilter(app.get(DialectErrorRegistry)));
  // Built on the first request for /docs or /docs-json, not at start-up: scanning every route
  // delays readiness (docs/performance.md, "Figures behind rules in the code").
  const documentFactory = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Groupbridge')
        .setDescription(
          'One group store, four group APIs: USOS services/csgroups, Publisher /api/2/groups, ' +
            'Jive groupService (/rpc/rest/groupService), Civis /groups; plus the native admin API.',
        )
        .setVersion('1')
        .addBearerAuth()
        .addBasicAuth()
        .build(),
    );
  SwaggerModule.setup('docs', app, documentFactory, { jsonDocumentUrl: 'docs-json' });
  return app;
}
