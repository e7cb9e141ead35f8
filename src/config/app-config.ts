/** Typed settings. This is the only module that reads `process.env`. */
export type DatabaseSettings =
  { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string; schema?: string };

export type LogFormat = 'json' | 'pretty';

/** Failed-credential throttling (src/auth/login-throttle.service.ts). */
export interface LoginThrottleSettings {
  /** Failures per username within `blockSeconds` that block it for `blockSeconds`. */
  readonly maxFailuresPerUsername: number;
  /** The same per client address (every credential type). */
  readonly maxFailuresPerAddress: number;
  readonly blockSeconds: number;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseSettings;
  readonly adminUsername: string;
  readonly adminPassword?: string;
  readonly adminToken?: string;
  readonly readOnly: boolean;
  readonly logLevel: string;
  readonly logFormat: LogFormat;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
  readonly publicUrl?: string;
  /** How long a stopping server lets in-flight requests finish before closing their connections. */
  readonly shutdownTimeoutMs: number;
  /** Connection attempts to the database at start-up before giving up. */
  readonly databaseConnectAttempts: number;
  /** When set, `GET /metrics` requires `Authorization: Bearer <metricsToken>`. */
  readonly metricsToken?: string;
  readonly loginThrottle: LoginThrottleSettings;
  /** USOS `services/apisrv/installation`: the institution's name in Polish and English. */
  readonly institutionName: { readonly pl: string; readonly en: string };
  /** USOS PLAINTEXT signatures over plain http (RFC 5849 §3.4.4 wants TLS); for local trials. */
  readonly usosPlaintextOverHttp: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Every problem found in the environment, one readable sentence each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

export function parseDatabaseUrl(url: string): DatabaseSettings {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError(['DATABASE_URL sqlite: needs a file path (or :memory:)']);
    return { engine: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(['DATABASE_URL is not a valid postgres:// URL']);
    }
    return { engine: 'postgres', url };
  }
  throw new ConfigError([
    `DATABASE_URL must start with sqlite: or postgres:// (got "${redactDatabaseUrl(url)}")`,
  ]);
}

/** The database as an operator may see it in a log: a PostgreSQL URL without its password. */
export function describeDatabase(db: DatabaseSettings): string {
  return db.engine === 'sqlite' ? `sqlite:${db.path}` : redactDatabaseUrl(db.url);
}

export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Reads variables, collecting one sentence per invalid one instead of stopping at the first. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string): string | undefined {
    return this.env[name] || undefined;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.env[name];
    if (value === undefined || value === '') return fallback;
    if (/^(true|1|yes)$/i.test(value)) return true;
    if (/^(false|0|no)$/i.test(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      this.problems.push(`${name} must be an integer ${range} (got "${value}")`);
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.env[name];
    if (value === undefined || value === '') return fallback;
    if (allowed.includes(value as T)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  }

  database(): DatabaseSettings {
    try {
      return parseDatabaseUrl(this.env.DATABASE_URL || 'sqlite:data/groupbridge.sqlite');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.problems.push(...error.problems);
      return { engine: 'sqlite', path: ':memory:' };
    }
  }
}

/** Builds and validates the configuration; throws one ConfigError listing every problem. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = new EnvReader(env);
  const publicUrl = read.string('PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) {
    read.problems.push('PUBLIC_URL must be an absolute http(s) URL');
  }
  const config: AppConfig = {
    port: read.integer('PORT', 3000, 1, 65535),
    host: read.string('HOST') ?? '0.0.0.0',
    database: read.database(),
    adminUsername: read.string('ADMIN_USERNAME') ?? 'admin',
    adminPassword: read.string('ADMIN_PASSWORD'),
    adminToken: read.string('ADMIN_TOKEN'),
    readOnly: read.boolean('READ_ONLY', false),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: read.oneOf('LOG_FORMAT', LOG_FORMATS, 'json'),
    bodyLimitBytes: read.integer('BODY_LIMIT', 1024 * 1024, 1),
    trustProxy: read.boolean('TRUST_PROXY', false),
    publicUrl,
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT', 10, 0, 3600) * 1000,
    databaseConnectAttempts: read.integer('DATABASE_CONNECT_ATTEMPTS', 5, 1, 100),
    metricsToken: read.string('METRICS_TOKEN'),
    usosPlaintextOverHttp: read.boolean('USOS_PLAINTEXT_OVER_HTTP', false),
    loginThrottle: Object.freeze({
      maxFailuresPerUsername: read.integer('LOGIN_MAX_FAILURES', 10, 1),
      maxFailuresPerAddress: read.integer('LOGIN_MAX_FAILURES_PER_ADDRESS', 100, 1),
      blockSeconds: read.integer('LOGIN_BLOCK_SECONDS', 900, 1),
    }),
    institutionName: Object.freeze({
      pl: env.INSTITUTION_NAME_PL || env.INSTITUTION_NAME_EN || 'Groupbridge',
      en: env.INSTITUTION_NAME_EN || env.INSTITUTION_NAME_PL || 'Groupbridge',
    }),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze(config);
}
