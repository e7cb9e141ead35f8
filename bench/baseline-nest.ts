import 'reflect-metadata';
import { Controller, Get, Module, Put, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { openBenchDb } from './bench-db';
import { baselineEnv, callerOf } from './baseline-common';
import { createHandlers, HandlerName } from './baseline-handlers';

/**
 * Baseline 2: a bare Nest + express app with the same SQL and bytes, no auth, no validation,
 * no logger, no filters — to separate the framework's share from Groupbridge's own.
 */
const env = baselineEnv();
const handlers = createHandlers(openBenchDb(process.env));

function answer(name: HandlerName, req: Request, res: Response): Promise<void> {
  const url = new URL(req.originalUrl, 'http://x');
  return handlers[name]({
    params: req.params as Record<string, string>,
    query: url.searchParams,
    host: req.headers.host ?? 'localhost',
    caller: callerOf(env, req.headers.authorization),
  }).then((reply) => {
    res.status(reply.status).set(reply.headers).send(reply.body);
  });
}

@Controller()
class BareController {
  @Get('admin/v1/users/:id')
  adminUser(@Req() req: Request, @Res() res: Response) {
    return answer('admin.user', req, res);
  }

  @Get('groups')
  civisList(@Req() req: Request, @Res() res: Response) {
    return answer('civis.list', req, res);
  }

  @Get('groups/:id')
  civisGet(@Req() req: Request, @Res() res: Response) {
    return answer('civis.get', req, res);
  }

  @Put('groups/:id/members/:userId')
  civisAddMember(@Req() req: Request, @Res() res: Response) {
    return answer('civis.addMember', req, res);
  }

  @Get('api/2/groups')
  publisherList(@Req() req: Request, @Res() res: Response) {
    return answer('publisher.list', req, res);
  }

  @Get('rpc/rest/groupService/groupMembers/:id')
  jiveMembers(@Req() req: Request, @Res() res: Response) {
    return answer('jive.members', req, res);
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main() {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  app.disable('x-powered-by');
  app.set('etag', false); // as the app: same headers, same work
  await app.listen(env.port, '127.0.0.1');
  process.stdout.write('ready\n');
}

void main();
