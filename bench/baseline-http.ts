import { createServer } from 'node:http';
import { openBenchDb } from './bench-db';
import { baselineEnv, callerOf, compileRoutes } from './baseline-common';
import { createHandlers } from './baseline-handlers';

/** Baseline 1, the physical limit: node:http, the same SQL and driver, the same bytes. */
const env = baselineEnv();
const handlers = createHandlers(openBenchDb(process.env));
const routes = compileRoutes();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const method = req.method ?? 'GET';
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.regex.exec(url.pathname);
    if (!match) continue;
    const params = Object.fromEntries(route.keys.map((k, i) => [k, match[i + 1]]));
    // Bodies are not used by any workload; drain them so the connection stays reusable.
    req.resume();
    handlers[route.name]({
      params,
      query: url.searchParams,
      host: req.headers.host ?? 'localhost',
      caller: callerOf(env, req.headers.authorization),
    }).then(
      (reply) => {
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      },
      (error: unknown) => {
        process.stderr.write(`baseline-http: ${String(error)}\n`);
        res.writeHead(500);
        res.end();
      },
    );
    return;
  }
  req.resume();
  res.writeHead(404);
  res.end();
});

server.listen(env.port, '127.0.0.1', () => process.stdout.write('ready\n'));
