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
  UseFilters,
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
import { publisherGroupId, readPublisherGroup } from './publisher-body';
import { PublisherErrorFilter } from './publisher-error.renderer';
import { PublisherGroupsService } from './publisher-groups.service';
import { publisherBaseUrl, sendPublisherDocument } from './publisher-negotiation';

const MEDIA = ['application/json', 'application/xml'];

const DATE_FILTER =
  '`lastweek`, `lastmonth`, `lastyear`, or an inclusive UTC day range `YYYYMMDD,YYYYMMDD`';

const ERROR_EXAMPLE = {
  error: {
    summary: 'The requested user group does not exist',
    ref: 901,
    link: 'http://example.com/api/2/error/0b6f…',
  },
};

const GROUP_BODY = {
  description:
    'JSON `{"group": {"name", "users": [ids]}}` or XML `<group><name/><users><user>1</user></users></group>`',
  schema: {
    type: 'object',
    example: { group: { name: 'HighQ', users: [456, 22, 98107] } },
  },
};

/** HighQ Publisher User Group API (`/api/2/groups`): parse → domain → render. */
@ApiTags('publisher')
@ApiBearerAuth()
@ApiConsumes(...MEDIA)
@ApiProduces(...MEDIA)
@ApiResponse({
  status: 401,
  description: 'ref 401 Not authorised',
  schema: { example: ERROR_EXAMPLE },
})
@Controller('api/2/groups')
@UseGuards(BearerAuthGuard)
@UseFilters(PublisherErrorFilter)
export class PublisherGroupsController {
  constructor(
    private readonly publisher: PublisherGroupsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Get User Group list',
    description:
      'Filtering, sorting and paging happen in SQL. Parameter names are case-insensitive. ' +
      'Answers `{"total", "currentpage", "groups": [...]}` / `<groups><total/><currentpage/><group/>…</groups>`.',
  })
  @ApiQuery({
    name: 'search',
    required: false,
    description: 'Case-insensitive substring of the name',
  })
  @ApiQuery({
    name: 'sort',
    required: false,
    description:
      'Comma list of `+field`/`-field`, fields `name`, `created`, `updated` (a leading space counts as `+`)',
    example: '-name,+created',
  })
  @ApiQuery({
    name: 'fields',
    required: false,
    description:
      'Default `id,name,link`; `all` = full object; or a comma list of id, name, link, users, createddate, modifieddate, organisationcount',
  })
  @ApiQuery({ name: 'limit', required: false, description: 'Default 200, at most 1000 served' })
  @ApiQuery({ name: 'offset', required: false, description: 'Default 0' })
  @ApiQuery({
    name: 'createdDate',
    required: false,
    description: `${DATE_FILTER} (alias createdDateTime)`,
  })
  @ApiQuery({ name: 'modifiedDate', required: false, description: DATE_FILTER })
  @ApiResponse({
    status: 200,
    schema: {
      example: {
        total: 4,
        currentpage: 0,
        groups: [
          { id: 3, name: 'Super Mega Hyper Corp', link: 'http://example.com/api/2/groups/3' },
        ],
      },
    },
  })
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
  @ApiBody(GROUP_BODY)
  @ApiResponse({
    status: 200,
    schema: {
      example: { group: { id: 3, name: 'HighQ', link: 'http://example.com/api/2/groups/3' } },
    },
  })
  async create(@CurrentCaller() caller: Caller, @Req() req: Request, @Res() res: Response) {
    const input = readPublisherGroup(req);
    const doc = await this.publisher.create(caller, input, this.baseUrl(req));
    sendPublisherDocument(req, res, 200, doc);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get User Group' })
  @ApiParam({ name: 'id', type: Number })
  @ApiResponse({
    status: 200,
    schema: {
      example: {
        group: {
          id: 3,
          name: 'Internal Users',
          users: [22, 456],
          createddate: '28-05-2018 11:03:00:000',
          modifieddate: '28-05-2018 11:03:00:000',
          organisationcount: 1,
        },
      },
    },
  })
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
  @ApiParam({ name: 'id', type: Number })
  @ApiBody(GROUP_BODY)
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
  @ApiParam({ name: 'id', type: Number })
  @ApiResponse({ status: 202, description: 'Deleted' })
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
  @ApiParam({ name: 'id', type: Number })
  @ApiBody({
    description:
      'JSON `{"group": {"users": ["11", "user@domain.com"]}}` or XML `<group><users><user>11</user><user>user@domain.com</user></users></group>`',
    schema: { type: 'object', example: { group: { users: ['11', 'user@domain.com'] } } },
  })
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
