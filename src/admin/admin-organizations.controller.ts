import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/auth.guards';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Caller } from '../domain/caller';
import { OrganizationsService } from '../domain/organizations.service';
import { adminValidationPipe } from './admin-validation.pipe';
import { AdminService } from './admin.service';
import { adminIdPipe, CreateOrganizationDto } from './dto/admin.dto';
import { UpdateOrganizationDto } from './dto/admin-group-bodies.dto';
import { OrganizationSearchQueryDto } from './dto/admin-query.dto';
import { AdminOrganizationDto, AdminOrganizationPageDto } from './dto/admin-responses.dto';

/** Organizations: any authenticated caller reads them; system administrators change them. */
@ApiTags('admin: organizations')
@ApiBearerAuth()
@Controller('admin/v1/organizations')
@UseGuards(BearerAuthGuard)
export class AdminOrganizationsController {
  constructor(
    private readonly admin: AdminService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List organizations by id; `q` matches any part of the name' })
  @ApiOkResponse({ type: AdminOrganizationPageDto })
  listOrganizations(
    @CurrentCaller() caller: Caller,
    @Query(adminValidationPipe) query: OrganizationSearchQueryDto,
  ) {
    return this.organizations.listOrganizations(caller, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an organization (system administrators)' })
  @ApiCreatedResponse({ type: AdminOrganizationDto })
  createOrganization(
    @CurrentCaller() caller: Caller,
    @Body(adminValidationPipe) dto: CreateOrganizationDto,
  ) {
    return this.admin.createOrganization(caller, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an organization' })
  @ApiOkResponse({ type: AdminOrganizationDto })
  getOrganization(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return this.organizations.getOrganization(caller, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an organization (system administrators); the slug stays' })
  @ApiOkResponse({ type: AdminOrganizationDto })
  updateOrganization(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Body(adminValidationPipe) dto: UpdateOrganizationDto,
  ) {
    return this.organizations.updateOrganization(caller, id, dto.name);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete an organization (system administrators); its users and groups stay, without one',
  })
  @ApiNoContentResponse()
  async deleteOrganization(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    await this.organizations.deleteOrganization(caller, id);
  }
}
