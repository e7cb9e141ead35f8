import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  PipeTransform,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/auth.guards';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Caller } from '../domain/caller';
import { adminValidationPipe } from './admin-validation.pipe';
import { AdminService } from './admin.service';
import {
  CreateGroupDto,
  CreateOAuthConsumerDto,
  CreateOAuthTokenDto,
  CreateOrganizationDto,
  CreateUserDto,
  parseAdminId,
  UpdateUserDto,
} from './dto/admin.dto';
import { SystemAdminGuard } from './system-admin.guard';

/**
 * Path ids are read from the raw text. The validation pipe is bound to bodies only: as a
 * controller pipe it also converted `:id` to a number first, so "1e3" reached this as 1000.
 */
const idPipe: PipeTransform<string, number> = { transform: parseAdminId };

/** Native admin API (docs/architecture.md): system administrators, Bearer token, JSON. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/v1')
@UseGuards(BearerAuthGuard, SystemAdminGuard)
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('users')
  @ApiOperation({ summary: 'Create a user' })
  createUser(@CurrentCaller() caller: Caller, @Body(adminValidationPipe) dto: CreateUserDto) {
    return this.admin.createUser(caller, dto);
  }

  @Get('users/:id')
  getUser(@CurrentCaller() caller: Caller, @Param('id', idPipe) id: number) {
    return this.admin.getUser(caller, id);
  }

  @Patch('users/:id')
  updateUser(
    @CurrentCaller() caller: Caller,
    @Param('id', idPipe) id: number,
    @Body(adminValidationPipe) dto: UpdateUserDto,
  ) {
    return this.admin.updateUser(caller, id, dto);
  }

  @Delete('users/:id')
  @HttpCode(204)
  async deleteUser(@CurrentCaller() caller: Caller, @Param('id', idPipe) id: number) {
    await this.admin.deleteUser(caller, id);
  }

  @Post('users/:id/tokens')
  @ApiOperation({ summary: 'Mint a bearer token (also the Civis API key); shown once' })
  mintToken(@CurrentCaller() caller: Caller, @Param('id', idPipe) id: number) {
    return this.admin.mintToken(caller, id);
  }

  @Post('organizations')
  createOrganization(
    @CurrentCaller() caller: Caller,
    @Body(adminValidationPipe) dto: CreateOrganizationDto,
  ) {
    return this.admin.createOrganization(caller, dto);
  }

  @Post('groups')
  @ApiOperation({ summary: 'Provision a group (federated = directory-synced, USOS primary)' })
  createGroup(@CurrentCaller() caller: Caller, @Body(adminValidationPipe) dto: CreateGroupDto) {
    return this.admin.createGroup(caller, dto);
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
