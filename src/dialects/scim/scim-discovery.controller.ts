import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ScimMapperService } from './scim-mapper.service';

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
    return this.scim.serviceProviderConfig(req);
  }

  @Get('Schemas')
  @ApiOperation({ summary: 'The User, EnterpriseUser and Group schemas' })
  schemas(@Req() req: Request) {
    return this.scim.schemas(req);
  }

  @Get('Schemas/:id')
  schema(@Req() req: Request, @Param('id') id: string) {
    return this.scim.schema(req, id);
  }

  @Get('ResourceTypes')
  @ApiOperation({ summary: 'The User and Group resource types' })
  resourceTypes(@Req() req: Request) {
    return this.scim.resourceTypes(req);
  }

  @Get('ResourceTypes/:id')
  resourceType(@Req() req: Request, @Param('id') id: string) {
    return this.scim.resourceType(req, id);
  }
}
