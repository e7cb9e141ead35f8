import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Caller } from '../../domain/caller';
import { ScimAuthGuard } from './scim-auth.guard';
import { ScimMapperService } from './scim-mapper.service';
import { ScimListQuery, ScimOperation } from './scim-openapi';
import { sendScim } from './scim-reply';

/** RFC 7644 /Groups. Paths match case-insensitively (express's default). */
@ApiTags('scim')
@Controller('scim/v2/Groups')
@UseGuards(ScimAuthGuard)
export class ScimGroupsController {
  constructor(private readonly scim: ScimMapperService) {}

  @Get()
  @ScimOperation('List groups (filter, attributes, sortBy, startIndex, count)', 400)
  @ScimListQuery()
  list(
    @CurrentCaller() caller: Caller,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
  ) {
    return this.scim.listGroups(caller, query, req);
  }

  @Get(':id')
  @ScimOperation('Get a group', 404)
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    sendScim(req, res, 200, await this.scim.getGroup(caller, id, query, req));
  }

  @Post()
  @ScimOperation('Create a group', 400, 409)
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    sendScim(req, res, 201, await this.scim.createGroup(caller, body, query, req));
  }

  @Put(':id')
  @ScimOperation('Replace a group', 400, 404, 409, 412)
  async replace(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    sendScim(req, res, 200, await this.scim.replaceGroup(caller, id, body, query, req));
  }

  @Patch(':id')
  @ScimOperation(
    'Modify a group (PatchOp); 204, or 200 with the resource when attributes are asked for',
    400,
    404,
    409,
    412,
  )
  async patch(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    sendScim(req, res, 200, await this.scim.patchGroup(caller, id, body, query, req));
  }

  @Delete(':id')
  @HttpCode(204)
  @ScimOperation('Delete a group', 404, 412)
  async remove(@CurrentCaller() caller: Caller, @Param('id') id: string, @Req() req: Request) {
    await this.scim.deleteGroup(caller, id, req);
  }
}
