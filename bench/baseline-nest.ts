import 'reflect-metadata';
import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  INestApplication,
  Module,
  Patch,
  Put,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { openBenchDb } from './bench-db';
import { baselineEnv, callerOf } from './baseline-common';
import {
  BaselineReply,
  Caller,
  createAuthenticator,
  createHandlers,
  HandlerName,
} from './baseline-handlers';

/**
 * Baseline 2: a bare Nest app with the same SQL and bytes — no passport, no validation, no logger,
 * no filters — to separate the framework's share from Groupbridge's own. Three variants, chosen
 * by the orchestrator (issue 22):
 *
 * - `nest`: express, no authentication (the caller comes from the orchestrator's header map);
 * - `nest-auth`: express, and a guard making the API-key check the app must make on every request
 *   (SHA-256 of the key, the same indexed lookup) — the W3/W4 target;
 * - `nest-fastify`: `nest` on `@nestjs/platform-fastify`, what the HTTP platform costs (W1/W2,
 *   information only).
 */
const env = baselineEnv();
const db = openBenchDb(process.env);
const handlers = createHandlers(db);
const fastify = process.env.BENCH_PLATFORM === 'fastify';
const authenticate = process.env.BENCH_AUTH === '1' ? createAuthenticator(db) : null;

/** What both platforms' requests offer (express: `originalUrl`; fastify: `url`). */
interface BareRequest {
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  originalUrl?: string;
  url: string;
  caller?: Caller;
  /** Parsed by the platform's JSON body parser. */
  body?: unknown;
}

interface ExpressReply {
  status(code: number): { set(h: Record<string, string>): { send(body: string): void } };
}

interface FastifyReply {
  status(code: number): { headers(h: Record<string, string>): { send(body: string): void } };
}

const send = fastify
  ? (res: FastifyReply, reply: BaselineReply) =>
      res.status(reply.status).headers(reply.headers).send(reply.body)
  : (res: ExpressReply, reply: BaselineReply) =>
      res.status(reply.status).set(reply.headers).send(reply.body);

async function answer(name: HandlerName, req: BareRequest, res: unknown): Promise<void> {
  const url = new URL(req.originalUrl ?? req.url, 'http://x');
  const reply = await handlers[name]({
    params: req.params,
    query: url.searchParams,
    host: req.headers.host ?? 'localhost',
    caller: req.caller ?? callerOf(env, req.headers.authorization),
    body: req.body,
  });
  send(res as ExpressReply & FastifyReply, reply);
}

/** Nest's own way to authenticate: a guard, here without passport. */
class ApiKeyGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<BareRequest>();
    const caller = await authenticate!(req.headers.authorization);
    if (!caller) throw new UnauthorizedException();
    req.caller = caller;
    return true;
  }
}

@Controller()
class BareController {
  @Get('admin/v1/users/:id')
  adminUser(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('admin.user', req, res);
  }

  @Get('groups')
  civisList(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('civis.list', req, res);
  }

  @Get('groups/:id')
  civisGet(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('civis.get', req, res);
  }

  @Put('groups/:id/members/:userId')
  civisAddMember(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('civis.addMember', req, res);
  }

  @Get('api/2/groups')
  publisherList(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('publisher.list', req, res);
  }

  @Get('rpc/rest/groupService/groupMembers/:id')
  jiveMembers(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('jive.members', req, res);
  }

  @Get('services/csgroups/user')
  usosUser(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('usos.user', req, res);
  }

  @Get('scim/v2/Groups')
  scimGroups(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('scim.groups', req, res);
  }

  @Patch('scim/v2/Groups/:id')
  scimPatchGroup(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('scim.patchGroup', req, res);
  }

  @Get('console/groups')
  consoleGroups(@Req() req: BareRequest, @Res() res: unknown) {
    return answer('console.groups', req, res);
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function create(): Promise<INestApplication> {
  if (fastify) {
    return NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
      logger: false,
    });
  }
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  app.disable('x-powered-by');
  app.set('etag', false); // as the app: same headers, same work
  app.useBodyParser('json', { type: ['application/json', 'application/scim+json'] }); // as the app
  return app;
}

async function main() {
  const app = await create();
  if (authenticate) app.useGlobalGuards(new ApiKeyGuard());
  await app.listen(env.port, '127.0.0.1');
  process.stdout.write('ready\n');
}

void main();
