import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/auth.guards';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Caller } from '../domain/caller';
import { AdminCredentialsService } from './admin-credentials.service';
import { adminValidationPipe } from './admin-validation.pipe';
import {
  CreateApiTokenDto,
  CreateOAuthConsumerDto,
  CreateOAuthTokenDto,
  UpdateOAuthConsumerDto,
} from './dto/admin-credentials.dto';
import { adminIdPipe } from './dto/admin.dto';
import { SystemAdminGuard } from './system-admin.guard';

/**
 * Credentials (docs/architecture.md): system administrators only. The credential lifecycle in
 * the native admin API: API tokens (bearer / Civis API key), OAuth 1.0a
 * consumers and access tokens (USOS). Secrets appear once, in the answer that creates them.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/v1')
@UseGuards(BearerAuthGuard, SystemAdminGuard)
export class AdminCredentialsController {
  constructor(private readonly credentials: AdminCredentialsService) {}

  @Post('users/:id/tokens')
  @ApiOperation({ summary: 'Mint a bearer token (also the Civis API key); shown once' })
  mintApiToken(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) userId: number,
    @Body(adminValidationPipe) dto: CreateApiTokenDto,
  ) {
    return this.credentials.mintApiToken(caller, userId, dto);
  }

  @Get('users/:id/tokens')
  @ApiOperation({ summary: "A user's API tokens, revoked ones included (never the secret)" })
  listApiTokens(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) userId: number) {
    return this.credentials.listApiTokens(caller, userId);
  }

  @Delete('users/:id/tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one API token' })
  async revokeApiToken(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) userId: number,
    @Param('tokenId', adminIdPipe) tokenId: number,
  ) {
    await this.credentials.revokeApiToken(caller, userId, tokenId);
  }

  @Delete('users/:id/tokens')
  @ApiOperation({ summary: "Revoke all of a user's API tokens; answers how many" })
  revokeAllApiTokens(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) userId: number) {
    return this.credentials.revokeAllApiTokens(caller, userId);
  }

  @Get('users/:id/oauth-tokens')
  @ApiOperation({ summary: "A user's OAuth access tokens (never the token or its secret)" })
  listUserOAuthTokens(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) userId: number) {
    return this.credentials.listOAuthTokens(caller, { userId });
  }

  @Delete('users/:id/oauth-tokens')
  @ApiOperation({ summary: "Revoke all of a user's OAuth access tokens; answers how many" })
  revokeUserOAuthTokens(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) userId: number) {
    return this.credentials.revokeOAuthTokens(caller, { userId });
  }

  @Post('oauth/consumers')
  @ApiOperation({ summary: 'Create an OAuth 1.0a consumer (USOS); the secret is shown once' })
  createOAuthConsumer(
    @CurrentCaller() caller: Caller,
    @Body(adminValidationPipe) dto: CreateOAuthConsumerDto,
  ) {
    return this.credentials.createOAuthConsumer(caller, dto);
  }

  @Get('oauth/consumers')
  @ApiOperation({ summary: 'OAuth consumers (never the secret)' })
  listOAuthConsumers(@CurrentCaller() caller: Caller) {
    return this.credentials.listOAuthConsumers(caller);
  }

  @Patch('oauth/consumers/:id')
  @ApiOperation({ summary: 'Disable or re-enable a consumer' })
  updateOAuthConsumer(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) consumerId: number,
    @Body(adminValidationPipe) dto: UpdateOAuthConsumerDto,
  ) {
    return this.credentials.setOAuthConsumerDisabled(caller, consumerId, dto.disabled);
  }

  @Delete('oauth/consumers/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a consumer; its access tokens die with it' })
  async deleteOAuthConsumer(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) consumerId: number,
  ) {
    await this.credentials.deleteOAuthConsumer(caller, consumerId);
  }

  @Get('oauth/consumers/:id/tokens')
  @ApiOperation({ summary: "A consumer's OAuth access tokens" })
  listConsumerOAuthTokens(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) consumerId: number,
  ) {
    return this.credentials.listOAuthTokens(caller, { consumerId });
  }

  @Delete('oauth/consumers/:id/tokens')
  @ApiOperation({ summary: "Revoke all of a consumer's OAuth access tokens; answers how many" })
  revokeConsumerOAuthTokens(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) consumerId: number,
  ) {
    return this.credentials.revokeOAuthTokens(caller, { consumerId });
  }

  @Post('oauth/tokens')
  @ApiOperation({ summary: 'Issue an OAuth 1.0a access token of a user for a consumer (USOS)' })
  createOAuthToken(
    @CurrentCaller() caller: Caller,
    @Body(adminValidationPipe) dto: CreateOAuthTokenDto,
  ) {
    return this.credentials.createOAuthToken(caller, dto);
  }

  @Delete('oauth/tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one OAuth access token' })
  async revokeOAuthToken(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) tokenId: number,
  ) {
    await this.credentials.revokeOAuthToken(caller, tokenId);
  }
}
