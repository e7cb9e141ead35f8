/** Typed settings. This is the only module that reads `process.env`. */
export type DatabaseSettings =
  { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string; schema?: string };

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseSettings;
  readonly adminUsername: string;
  readonly adminPassword?: string;
  readonly adminToken?: string;
  readonly readOnly: boolean;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
  readonly publicUrl?: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseDatabaseUrl(url: string): DatabaseSettings {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError('DATABASE_URL sqlite: needs a file path (or :memory:)');
    return { engine: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', url };
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new ConfigError(`${name} must be an integer ≥ ${min} (got "${value}")`);
  }
  return n;
}

/** Builds and validates the configuration; throws ConfigError with a readable message. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) {
    throw new ConfigError('PUBLIC_URL must be an absolute http(s) URL');
  }
  return Object.freeze({
    port: parseInteger('PORT', env.PORT, 3000, 0),
    host: env.HOST || '0.0.0.0',
    database: parseDatabaseUrl(env.DATABASE_URL || 'sqlite:data/groupbridge.sqlite'),
    adminUsername: env.ADMIN_USERNAME || 'admin',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    adminToken: env.ADMIN_TOKEN || undefined,
    readOnly: parseBoolean('READ_ONLY', env.READ_ONLY, false),
    logLevel,
    bodyLimitBytes: parseInteger('BODY_LIMIT', env.BODY_LIMIT, 1024 * 1024, 1),
    trustProxy: parseBoolean('TRUST_PROXY', env.TRUST_PROXY, false),
    publicUrl,
  });
}
