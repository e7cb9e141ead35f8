import {
  applyDecorators,
  Controller,
  Get,
  HttpCode,
  Options,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UsosMethodDocs } from './usos-openapi';
import { CsgroupsMethod, UsosMapperService } from './usos-mapper.service';
import { UsosOAuthGuard, UsosRequest } from './usos-oauth.guard';
import { parseOutputFormat, usosParams } from './usos-request';
import { allowCors, sendUsosResult } from './usos-views';

/** One csgroups method over GET or POST; the guard refuses bodies the signature cannot cover. */
function CsgroupsRoute(method: CsgroupsMethod, verb: 'GET' | 'POST') {
  return applyDecorators(
    verb === 'GET' ? Get(method) : Post(method),
    UseGuards(UsosOAuthGuard),
    UsosMethodDocs(method, verb),
  );
}

/** `/services/csgroups/<method>`: parse → domain → render in the requested format. */
@ApiTags('usos')
@Controller('services/csgroups')
export class UsosController {
  constructor(private readonly csgroups: UsosMapperService) {}

  @CsgroupsRoute('create', 'GET')
  createViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('create', req, res);
  }

  @CsgroupsRoute('create', 'POST')
  createViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('create', req, res);
  }

  @CsgroupsRoute('custom_group', 'GET')
  customGroupViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('custom_group', req, res);
  }

  @CsgroupsRoute('custom_group', 'POST')
  customGroupViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('custom_group', req, res);
  }

  @CsgroupsRoute('custom_groups', 'GET')
  customGroupsViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('custom_groups', req, res);
  }

  @CsgroupsRoute('custom_groups', 'POST')
  customGroupsViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('custom_groups', req, res);
  }

  @CsgroupsRoute('delete', 'GET')
  deleteViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('delete', req, res);
  }

  @CsgroupsRoute('delete', 'POST')
  deleteViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('delete', req, res);
  }

  @CsgroupsRoute('update', 'GET')
  updateViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('update', req, res);
  }

  @CsgroupsRoute('update', 'POST')
  updateViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('update', req, res);
  }

  @CsgroupsRoute('user', 'GET')
  userViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('user', req, res);
  }

  @CsgroupsRoute('user', 'POST')
  userViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.run('user', req, res);
  }

  /** CORS preflight: USOS allows cross-origin calls. */
  @Options(':method')
  @HttpCode(204)
  @ApiExcludeEndpoint()
  preflight(@Res() res: Response) {
    allowCors(res);
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  }

  private async run(method: CsgroupsMethod, req: UsosRequest, res: Response) {
    const params = usosParams(req);
    const output = parseOutputFormat(params);
    const result = await this.csgroups[method](req.user!, params);
    sendUsosResult(res, output, result);
  }
}
