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
import { KeysetPage } from '../domain/keyset';
import { UserDirectoryService } from '../domain/user-directory.service';
import { adminValidationPipe } from './admin-validation.pipe';
import { adminUser, mapPage } from './admin-views';
import { AdminService } from './admin.service';
import { adminIdPipe, CreateUserDto, UpdateUserDto } from './dto/admin.dto';
import { UserSearchQueryDto } from './dto/admin-query.dto';
import { AdminUserDto, AdminUserPageDto } from './dto/admin-responses.dto';

/** Users: any authenticated caller finds and reads them; system administrators change them. */
@ApiTags('admin: users')
@ApiBearerAuth()
@Controller('admin/v1/users')
@UseGuards(BearerAuthGuard)
export class AdminUsersController {
  constructor(
    private readonly admin: AdminService,
    private readonly directory: UserDirectoryService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Find users: by prefix of username, e-mail or name; by id, a page at a time',
  })
  @ApiOkResponse({ type: AdminUserPageDto })
  async searchUsers(
    @CurrentCaller() caller: Caller,
    @Query(adminValidationPipe) query: UserSearchQueryDto,
  ): Promise<KeysetPage<AdminUserDto>> {
    return mapPage(await this.directory.searchUsers(caller, query), adminUser);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (system administrators)' })
  @ApiCreatedResponse({ type: AdminUserDto })
  createUser(@CurrentCaller() caller: Caller, @Body(adminValidationPipe) dto: CreateUserDto) {
    return this.admin.createUser(caller, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a user' })
  @ApiOkResponse({ type: AdminUserDto })
  getUser(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return this.admin.getUser(caller, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user (system administrators): deactivate, set a password, rename…',
  })
  @ApiOkResponse({ type: AdminUserDto })
  updateUser(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Body(adminValidationPipe) dto: UpdateUserDto,
  ) {
    return this.admin.updateUser(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user (system administrators)' })
  @ApiNoContentResponse()
  async deleteUser(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    await this.admin.deleteUser(caller, id);
  }
}
