import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuthGuard } from '../../auth/auth.guards';
import { civisErrorSchema } from './civis-openapi';
// Upstream's file, trimmed to /groups; provenance and licence in civis_api_spec.NOTICE.md.
import CIVIS_API_SPEC from './civis_api_spec.json';

/**
 * `GET /endpoints`: the Swagger spec `civis.APIClient()` downloads at start-up to build
 * `client.groups`, so scripts need no `local_api_spec` (docs/civis.md). Authenticated like the
 * real API: civis-python reports a 401 here as an expired key.
 */
@ApiTags('civis')
@ApiBasicAuth()
@ApiBearerAuth()
@Controller('endpoints')
@UseGuards(ApiKeyAuthGuard)
export class CivisEndpointsController {
  @Get()
  @ApiOperation({
    summary: 'The Civis API spec (Swagger 2.0) of /groups, as civis-python downloads it',
  })
  @ApiResponse({ status: 200, description: 'Swagger 2.0 document: the /groups paths.' })
  @ApiResponse({
    status: 401,
    schema: civisErrorSchema('unauthorized', 401, 'The API key is missing, invalid or expired.'),
  })
  spec() {
    return CIVIS_API_SPEC;
  }
}
