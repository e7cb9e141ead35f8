import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigError, describeDatabase, loadAppConfig } from './config/app-config';
import { createRootLogger, RootLogger } from './operations/app-logger';
import { checkDatabase, classifyDatabaseError } from './operations/database-preflight';
import { ExitCode, StartupFailure } from './operations/exit-codes';
import { stopOnSignals } from './operations/graceful-shutdown';
import { packageVersion } from './operations/package-version';

const PORT_ERRORS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);

function publicBaseUrl(config: AppConfig, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function serve(config: AppConfig, logger: RootLogger): Promise<void> {
  await checkDatabase(config.database, config.databaseConnectAttempts, (message) =>
    logger.warn(message),
  );
  // Loaded only now: a configuration or database error is reported without loading the framework.
  const [{ NestFactory }, { AppModule }, { configureApp }] = await Promise.all([
    import('@nestjs/core'),
    import('./app.module'),
    import('./configure-app'),
  ]);
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    });
  } catch (error) {
    throw classifyDatabaseError(config.database, error) ?? error;
  }
  configureApp(app, config);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code || !PORT_ERRORS.has(code)) throw error;
    await app.close();
    throw new StartupFailure(
      ExitCode.PortUnavailable,
      `cannot listen on ${config.host}:${config.port}: ${code === 'EADDRINUSE' ? 'the port is in use' : code}`,
    );
  }
  stopOnSignals(app, config.shutdownTimeoutMs, logger);
  const url = publicBaseUrl(config, (app.getHttpServer().address() as { port: number }).port);
  const version = packageVersion();
  logger.info(
    {
      url,
      docs: `${url}/docs`,
      engine: config.database.engine,
      database: describeDatabase(config.database),
      readOnly: config.readOnly,
      version,
    },
    `Groupbridge ${version} listening on ${url} (${config.database.engine}` +
      `${config.readOnly ? ', READ-ONLY: every write is refused' : ''}); API docs at ${url}/docs`,
  );
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const logger = createRootLogger({ logLevel: 'info', logFormat: 'json' });
    for (const problem of error.problems) logger.fatal(`configuration: ${problem}`);
    process.exit(ExitCode.Configuration);
  }
  const logger = createRootLogger(config);
  try {
    await serve(config, logger);
  } catch (error) {
    if (error instanceof StartupFailure) {
      logger.fatal(error.message);
      process.exit(error.exitCode);
    }
    logger.fatal({ err: error }, 'Groupbridge failed to start');
    process.exit(ExitCode.Unexpected);
  }
}

void main();
