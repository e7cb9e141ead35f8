import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { levels } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { Caller } from './domain/caller';
import { GroupsDomainModule } from './domain/groups-domain.module';
import { CivisModule } from './dialects/civis/civis.module';
import { PublisherModule } from './dialects/publisher/publisher.module';
import { JiveModule } from './dialects/jive/jive.module';
import { ScimModule } from './dialects/scim/scim.module';
import { UsosModule } from './dialects/usos/usos.module';
import { AppLogger, createRootLogger, RootLogger } from './operations/app-logger';
import { dialectOf } from './operations/dialect-of-path';
import { OperationsModule } from './operations/operations.module';
import { ConsoleModule } from './console/console.module';
import { WebModule } from './web/web.module';
import { dataSourceOptions } from './persistence/data-source-options';
import { MigrationRunner } from './persistence/migration-runner';

interface SerializedRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  raw: Request;
}

/** Who acted and through which API, known once the response is sent (`req.user` is the Caller). */
function actingCaller(req: IncomingMessage, _res: ServerResponse, fields: object) {
  const { path, user } = req as Request;
  return { ...fields, dialect: dialectOf(path), userId: (user as Caller | undefined)?.userId };
}

/** Whether `level` lets pino-http's request-completed lines (level info) through. */
function logsRequests(level: string): boolean {
  return levels.values[level] !== undefined && levels.values[level] <= levels.values.info;
}

@Module({})
export class AppModule {
  /** `logger` is the process's root logger when main.ts already made one for start-up records. */
  static forRoot(config: AppConfig, logger: RootLogger = createRootLogger(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            // The query string may carry OAuth signatures: log the path only. `req.id` is set by
            // assignRequestId before pino-http runs; `raw.ip` honours TRUST_PROXY.
            serializers: {
              req: (req: SerializedRequest) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
                remoteAddress: req.raw.ip,
                userAgent: req.headers['user-agent'],
              }),
            },
            customSuccessObject: actingCaller,
            customErrorObject: actingCaller,
          },
          // pino-http writes its request lines at info. At warn, error, fatal or silent they are
          // never written, yet its per-request child logger and nestjs-pino's async context cost
          // about a third of a small request's time (docs/performance.md F8), so the middleware
          // is not mounted; error logs carry the request id themselves (DialectExceptionFilter).
          forRoutes: logsRequests(config.logLevel) ? undefined : [],
        }),
        // main.ts has already reached the database (with bounded retries): fail at once here.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), retryAttempts: 0 }),
        CommonModule,
        GroupsDomainModule,
        AuthModule,
        AdminModule,
        UsosModule,
        CivisModule,
        PublisherModule,
        JiveModule,
        ScimModule,
        OperationsModule.forRoot(logger),
        WebModule,
        ConsoleModule,
      ],
      providers: [MigrationRunner, AppLogger],
    };
  }
}
