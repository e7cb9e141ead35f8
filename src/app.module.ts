import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { levels } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { GroupsDomainModule } from './domain/groups-domain.module';
import { CivisModule } from './dialects/civis/civis.module';
import { PublisherModule } from './dialects/publisher/publisher.module';
import { JiveModule } from './dialects/jive/jive.module';
import { UsosModule } from './dialects/usos/usos.module';
import { dataSourceOptions } from './persistence/data-source-options';
import { MigrationRunner } from './persistence/migration-runner';

/** Secrets never reach the logs. */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'req.query.oauth_signature'];

/** Whether `level` lets pino-http's request-completed lines (level info) through. */
function logsRequests(level: string): boolean {
  return levels.values[level] !== undefined && levels.values[level] <= levels.values.info;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: REDACTED,
            // The query string may carry OAuth signatures: log the path only. `req.id` is set by
            // assignRequestId before pino-http runs.
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
            },
          },
          // pino-http writes its request lines at info. At warn, error, fatal or silent they are
          // never written, yet its per-request child logger and nestjs-pino's async context cost
          // about a third of a small request's time (docs/performance.md F8), so the middleware
          // is not mounted; error logs carry the request id themselves (DialectExceptionFilter).
          forRoutes: logsRequests(config.logLevel) ? undefined : [],
        }),
        TypeOrmModule.forRoot(dataSourceOptions(config.database)),
        CommonModule,
        GroupsDomainModule,
        AuthModule,
        AdminModule,
        UsosModule,
        CivisModule,
        PublisherModule,
        JiveModule,
      ],
      providers: [MigrationRunner],
    };
  }
}
