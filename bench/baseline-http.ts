import { createServer, IncomingMessage } from 'node:http';
import { openBenchDb } from './bench-db';
import { baselineEnv, callerOf, compileRoutes } from './baseline-common';
import { createHandlers } from './baseline-handlers';

/** Baseline 1, the physical limit: node:http, the same SQL and driver, the same bytes. */
const env = baselineEnv();
const handlers = createHandlers(openBenchDb(process.env));
const routes = compileRoutes();

/** The JSON body, if any (read in full either way, so the connection stays reusable). */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
      } catch (error) {
        reject(error as Error);
      }
    });
    req.on('error', reject);
  });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const method = req.method ?? 'GET';
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.regex.exec(url.pathname);
    if (!match) continue;
    const params = Object.fromEntries(route.keys.map((k, i) => [k, match[i + 1]]));
    readJson(req)
      .then((body) =>
        handlers[route.name]({
          params,
          query: url.searchParams,
          host: req.headers.host ?? 'localhost',
          caller: callerOf(env, req.headers.authorization),
          body,
        }),
      )
      .then(
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
