import { BASELINE_ROUTES, Caller, HandlerName, RouteDef } from './baseline-handlers';

/** What the orchestrator passes to a baseline process. */
export interface BaselineEnv {
  port: number;
  /** Authorization header value → caller (the baselines do no authentication). */
  callers: Record<string, Caller>;
}

export function baselineEnv(): BaselineEnv {
  return {
    port: Number(process.env.BENCH_PORT),
    callers: JSON.parse(process.env.BENCH_CALLERS ?? '{}') as Record<string, Caller>,
  };
}

const ANONYMOUS: Caller = { userId: 0, admin: false };

const OAUTH_TOKEN = /oauth_token="([^"]*)"/;

/**
 * An OAuth 1.0a header (USOS) changes with every request (nonce, timestamp, signature): its
 * caller is found by the access token, mapped as `OAuth <token>`.
 */
export function callerOf(env: BaselineEnv, authorization: string | undefined): Caller {
  if (!authorization) return ANONYMOUS;
  const oauth = authorization.startsWith('OAuth ') ? OAUTH_TOKEN.exec(authorization) : null;
  const key = oauth ? `OAuth ${decodeURIComponent(oauth[1])}` : authorization;
  return env.callers[key] || ANONYMOUS;
}

export interface CompiledRoute {
  name: HandlerName;
  method: RouteDef['method'];
  regex: RegExp;
  keys: string[];
}

export function compileRoutes(): CompiledRoute[] {
  return BASELINE_ROUTES.map((r) => {
    const keys: string[] = [];
    const pattern = r.path.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    return { name: r.name, method: r.method, regex: new RegExp(`^${pattern}$`), keys };
  });
}
