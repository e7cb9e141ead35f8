import { Body, Controller, Delete, Get, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/auth.guards';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Caller } from '../domain/caller';
import { SharesService } from '../domain/shares.service';
import { adminValidationPipe } from './admin-validation.pipe';
import { adminUser } from './admin-views';
import { adminIdPipe } from './dto/admin.dto';
import { ShareLevelDto } from './dto/admin-group-bodies.dto';
import { AdminSharesDto, AdminUserDto } from './dto/admin-responses.dto';

/**
 * Who may do what on a group: administrators (users holding a manage share) and shares with
 * users and groups. Reading needs read permission, changing needs manage.
 */
@ApiTags('admin: groups')
@ApiBearerAuth()
@Controller('admin/v1/groups/:id')
@UseGuards(BearerAuthGuard)
export class AdminGroupAccessController {
  constructor(private readonly shares: SharesService) {}

  @Get('administrators')
  @ApiOperation({ summary: 'Administrators: users holding a manage share, by id (read)' })
  @ApiOkResponse({ type: [AdminUserDto] })
  async listAdministrators(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return (await this.shares.listAdministrators(caller, id)).map(adminUser);
  }

  @Put('administrators/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Make a user an administrator (manage)' })
  @ApiNoContentResponse()
  async addAdministrator(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('userId', adminIdPipe) userId: number,
  ) {
    await this.shares.addAdministrator(caller, id, userId);
  }

  @Delete('administrators/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an administrator (manage); a non-administrator: no-op' })
  @ApiNoContentResponse()
  async removeAdministrator(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('userId', adminIdPipe) userId: number,
  ) {
    await this.shares.removeAdministrator(caller, id, userId);
  }

  @Get('shares')
  @ApiOperation({ summary: 'Shares with users and with groups (read)' })
  @ApiOkResponse({ type: AdminSharesDto })
  listShares(@CurrentCaller() caller: Caller, @Param('id', adminIdPipe) id: number) {
    return this.shares.listShares(caller, id);
  }

  @Put('shares/users/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: "Share with a user, or change the user's level (manage)" })
  @ApiNoContentResponse()
  async shareWithUser(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('userId', adminIdPipe) userId: number,
    @Body(adminValidationPipe) dto: ShareLevelDto,
  ) {
    await this.shares.shareWithUsers(caller, id, [userId], dto.level, { param: 'userId' });
  }

  @Delete('shares/users/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a user's share (manage); none: no-op" })
  @ApiNoContentResponse()
  async unshareUser(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('userId', adminIdPipe) userId: number,
  ) {
    await this.shares.unshareUser(caller, id, userId);
  }

  @Put('shares/groups/:groupId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Share with a group (every effective member of it), or change its level (manage)',
  })
  @ApiNoContentResponse()
  async shareWithGroup(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('groupId', adminIdPipe) groupId: number,
    @Body(adminValidationPipe) dto: ShareLevelDto,
  ) {
    await this.shares.shareWithGroups(caller, id, [groupId], dto.level, { param: 'groupId' });
  }

  @Delete('shares/groups/:groupId')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a group's share (manage); none: no-op" })
  @ApiNoContentResponse()
  async unshareGroup(
    @CurrentCaller() caller: Caller,
    @Param('id', adminIdPipe) id: number,
    @Param('groupId', adminIdPipe) groupId: number,
  ) {
    await this.shares.unshareGroup(caller, id, groupId);
  }
}
