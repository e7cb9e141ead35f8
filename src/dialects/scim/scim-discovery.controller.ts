import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { invalid } from './scim-errors';
import { ScimMapperService } from './scim-mapper.service';
import {
  LIST_RESPONSE,
  resourceTypeDocuments,
  schemaDocuments,
  serviceProviderConfig,
} from './scim-schemas';

function list<T>(resources: T[]) {
  return {
    schemas: [LIST_RESPONSE],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

function byId<T extends { id: string }>(resources: T[], id: string, what: string): T {
  const found = resources.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!found) throw invalid('id', `No ${what} "${id}"`);
  return found;
}

/**
 * RFC 7644 §4 discovery. No authentication: these describe the service, not its data, and
 * clients read them before they are configured.
 */
@ApiTags('scim')
@Controller('scim/v2')
export class ScimDiscoveryController {
  constructor(private readonly scim: ScimMapperService) {}

  @Get('ServiceProviderConfig')
  @ApiOperation({ summary: 'What this SCIM service supports' })
  serviceProviderConfig(@Req() req: Request) {
    return serviceProviderConfig(this.scim.baseUrl(req));
  }

  @Get('Schemas')
  @ApiOperation({ summary: 'The User, EnterpriseUser and Group schemas' })
  schemas(@Req() req: Request) {
    return list(schemaDocuments(this.scim.baseUrl(req)));
  }

  @Get('Schemas/:id')
  schema(@Req() req: Request, @Param('id') id: string) {
    return byId(schemaDocuments(this.scim.baseUrl(req)), id, 'schema');
  }

  @Get('ResourceTypes')
  @ApiOperation({ summary: 'The User and Group resource types' })
  resourceTypes(@Req() req: Request) {
    return list(resourceTypeDocuments(this.scim.baseUrl(req)));
  }

  @Get('ResourceTypes/:id')
  resourceType(@Req() req: Request, @Param('id') id: string) {
    return byId(resourceTypeDocuments(this.scim.baseUrl(req)), id, 'resource type');
  }
}
