import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/auth.guards';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Caller } from '../domain/caller';
import { adminValidationPipe } from './admin-validation.pipe';
import { AdminService } from './admin.service';
import { adminIdPipe, CreateOAuthConsumerDto, CreateOAuthTokenDto } from './dto/admin.dto';
import { SystemAdminGuard } from './system-admin.guard';

/**
 * Credentials (docs/architecture.md): system administrators only. Users, groups and organizations have
 * their own controllers, where the access policy decides what each caller may do.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/v1')
@UseGuards(BearerAuthGuard, SystemAdminGuard)
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('users/:id/tokens')
  @ApiOperation({ summary: 'Mint a bearer token (also the Civis API key); shown once' })
  mintToken(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return this.admin.mintToken(caller, id);
  }

  @Post('oauth/consumers')
  @ApiOperation({ summary: 'Create an OAuth 1.0a consumer (USOS)' })
  createOAuthConsumer(
    @CurrentCaller() caller: Caller,
    @Body(adminValidationPipe) dto: CreateOAuthConsumerDto,
  ) {
    return this.admin.createOAuthConsumer(caller, dto);
  }

  @Post('oauth/tokens')
  @ApiOperation({ summary: 'Issue an OAuth 1.0a access token of a user for a consumer (USOS)' })
  createOAuthToken(
    @CurrentCaller() caller: Caller,
    @Body(adminValidationPipe) dto: CreateOAuthTokenDto,
  ) {
    return this.admin.createOAuthToken(caller, dto);
  }
}
