import { Injectable } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import { LogFormat } from '../config/app-config';

/** Secrets never reach the logs. */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'req.query.oauth_signature'];

/**
 * The process's one logger: JSON lines on stdout, or `pino-pretty` for a person at a terminal.
 * Both write synchronously, so a record logged just before `process.exit` is not lost.
 */
export function createRootLogger(settings: { logLevel: string; logFormat: LogFormat }) {
  const destination =
    settings.logFormat === 'pretty'
      ? pretty({ sync: true, colorize: Boolean(process.stdout.isTTY) })
      : process.stdout;
  return pino({ level: settings.logLevel, redact: REDACTED }, destination);
}

export type RootLogger = ReturnType<typeof createRootLogger>;

/** The root logger, for records that bypass Nest's logger (the one-time administrator token). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Nest's own start-up chatter: one record per module and per route, useful only when debugging. */
const FRAMEWORK_CONTEXTS = new Set([
  'InstanceLoader',
  'NestFactory',
  'NestApplication',
  'RoutesResolver',
  'RouterExplorer',
]);

/** nestjs-pino's Nest logger, with the framework's start-up records moved from info to debug. */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) {
      super.debug(message, ...optionalParams);
    } else {
      super.log(message, ...optionalParams);
    }
  }
}
