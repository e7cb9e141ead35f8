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

export function callerOf(env: BaselineEnv, authorization: string | undefined): Caller {
  return (authorization && env.callers[authorization]) || ANONYMOUS;
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
