import {
  Controller,
  Delete,
  Get,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BearerAuthGuard } from '../../auth/auth.guards';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Caller } from '../../domain/caller';
import { publisherGroupId, readPublisherGroup } from './publisher-request';
import { PublisherMapperService } from './publisher-mapper.service';
import {
  ADD_USERS_SCHEMA,
  GROUP_LIST_SCHEMA,
  GROUP_SCHEMA,
  GROUP_SUMMARY_SCHEMA,
  GROUP_WRITE_SCHEMA,
  PublisherErrorResponses,
} from './publisher-openapi';
import { publisherBaseUrl, sendPublisherDocument } from './publisher-negotiation';
import { DEFAULT_LIMIT, MAX_LIMIT } from './publisher-request';

const MEDIA = ['application/json', 'application/xml'];

const DATE_FILTER =
  '`lastweek`, `lastmonth`, `lastyear`, or an inclusive UTC day range `YYYYMMDD,YYYYMMDD`';

const GROUP_ID = ApiParam({ name: 'id', type: Number, description: 'The user group id' });

/**
 * HighQ Publisher User Group API (`/api/2/groups`): parse → domain → render. Bodies and answers
 * are JSON or XML by Content-Type / Accept; the schemas below show JSON, XML mirrors its keys.
 */
@ApiTags('publisher')
@ApiBearerAuth()
@ApiConsumes(...MEDIA)
@ApiProduces(...MEDIA)
@Controller('api/2/groups')
@UseGuards(BearerAuthGuard)
export class PublisherController {
  constructor(
    private readonly publisher: PublisherMapperService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Get User Group list',
    description:
      'Filtering, sorting and paging happen in SQL. Parameter names are case-insensitive. ' +
      'Answers `{"total", "currentpage", "groups": [...]}` / `<groups><total/><currentpage/><group/>…</groups>`. ' +
      'Lists only the user groups the caller can read.',
  })
  @ApiQuery({
    name: 'search',
    required: false,
    type: String,
    description: 'Case-insensitive substring of the name',
  })
  @ApiQuery({
    name: 'sort',
    required: false,
    type: String,
    description:
      'Comma list of `+field`/`-field`, fields `name`, `created`, `updated` (a leading space counts as `+`)',
    example: '-name,+created',
  })
  @ApiQuery({
    name: 'fields',
    required: false,
    type: String,
    description:
      'Default `id,name,link`; `all` = full object; or a comma list of id, name, link, users, createddate, modifieddate, organisationcount',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  })
  @ApiQuery({
    name: 'offset',
    required: false,
    schema: { type: 'integer', minimum: 0, default: 0 },
  })
  @ApiQuery({
    name: 'createdDate',
    required: false,
    type: String,
    description: `${DATE_FILTER} (alias createdDateTime)`,
  })
  @ApiQuery({ name: 'modifiedDate', required: false, type: String, description: DATE_FILTER })
  @ApiResponse({ status: 200, description: 'A page of user groups', schema: GROUP_LIST_SCHEMA })
  @PublisherErrorResponses(
    'invalidSort',
    'invalidOffset',
    'invalidLimit',
    'invalidFields',
    'invalidCreatedDate',
    'invalidModifiedDate',
    'invalidParameter',
  )
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const doc = await this.publisher.list(caller, query, this.baseUrl(req));
    sendPublisherDocument(req, res, 200, doc);
  }

  @Post()
  @ApiOperation({ summary: 'Add User Group', description: 'Answers 200 with the summary object.' })
  @ApiBody({ schema: GROUP_WRITE_SCHEMA })
  @ApiResponse({
    status: 200,
    description: 'User Group Summary object',
    schema: GROUP_SUMMARY_SCHEMA,
  })
  @PublisherErrorResponses(
    'missingParameters',
    'invalidName',
    'invalidUsers',
    'userNotFound',
    'duplicateName',
    'readOnly',
    'bodyTooLarge',
  )
  async create(@CurrentCaller() caller: Caller, @Req() req: Request, @Res() res: Response) {
    const input = readPublisherGroup(req);
    const doc = await this.publisher.create(caller, input, this.baseUrl(req));
    sendPublisherDocument(req, res, 200, doc);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get User Group' })
  @GROUP_ID
  @ApiResponse({ status: 200, description: 'User Group object', schema: GROUP_SCHEMA })
  @PublisherErrorResponses('invalidId', 'groupNotFound')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const doc = await this.publisher.get(caller, publisherGroupId(id), this.baseUrl(req));
    sendPublisherDocument(req, res, 200, doc);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Update User Group',
    description:
      'Replaces the name and, when `users` is present, the member list (an empty `users` removes every member). Answers the summary object.',
  })
  @GROUP_ID
  @ApiBody({ schema: GROUP_WRITE_SCHEMA })
  @ApiResponse({
    status: 200,
    description: 'User Group Summary object',
    schema: GROUP_SUMMARY_SCHEMA,
  })
  @PublisherErrorResponses(
    'missingParameters',
    'invalidId',
    'invalidName',
    'invalidUsers',
    'accessDenied',
    'readOnly',
    'groupNotFound',
    'userNotFound',
    'duplicateName',
    'bodyTooLarge',
  )
  async replace(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const groupId = publisherGroupId(id);
    const input = readPublisherGroup(req);
    const doc = await this.publisher.replace(caller, groupId, input, this.baseUrl(req));
    sendPublisherDocument(req, res, 200, doc);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete User Group', description: 'Answers 202 with an empty body.' })
  @GROUP_ID
  @ApiResponse({ status: 202, description: 'Deleted; empty body' })
  @PublisherErrorResponses('invalidId', 'accessDenied', 'readOnly', 'groupNotFound')
  async delete(@CurrentCaller() caller: Caller, @Param('id') id: string, @Res() res: Response) {
    await this.publisher.delete(caller, publisherGroupId(id));
    res.status(202).end();
  }

  @Put(':id/users')
  @ApiOperation({
    summary: 'Add Users to User Group',
    description:
      'Adds active users given by id or e-mail (all or nothing); answers the full User Group object.',
  })
  @GROUP_ID
  @ApiBody({ schema: ADD_USERS_SCHEMA })
  @ApiResponse({ status: 200, description: 'User Group object', schema: GROUP_SCHEMA })
  @PublisherErrorResponses(
    'missingParameters',
    'invalidId',
    'invalidUsers',
    'accessDenied',
    'readOnly',
    'groupNotFound',
    'userNotFound',
    'bodyTooLarge',
  )
  async addUsers(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const groupId = publisherGroupId(id);
    const input = readPublisherGroup(req);
    const doc = await this.publisher.addUsers(caller, groupId, input, this.baseUrl(req));
    sendPublisherDocument(req, res, 200, doc);
  }

  private baseUrl(req: Request): string {
    return publisherBaseUrl(req, this.config);
  }
}
