import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
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
            genReqId: (req, res) => {
              const incoming = req.headers['x-request-id'];
              const id =
                typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming)
                  ? incoming
                  : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            // The query string may carry OAuth signatures: log the path only.
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
            },
          },
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
