import { Controller, Delete, Param, PipeTransform, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/auth.guards';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Caller } from '../domain/caller';
import { DirectoryService } from '../domain/directory.service';
import { parseAdminId } from './dto/admin.dto';
import { SystemAdminGuard } from './system-admin.guard';

const idPipe: PipeTransform<string, number> = { transform: parseAdminId };

/**
 * The provisioning role: a user whose bearer token may drive SCIM (/scim/v2) without being a
 * system administrator. Its tokens are minted as any user's (POST /admin/v1/users/{id}/tokens).
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/v1/users/:id/provisioner')
@UseGuards(BearerAuthGuard, SystemAdminGuard)
export class AdminProvisionersController {
  constructor(private readonly directory: DirectoryService) {}

  @Put()
  @ApiOperation({ summary: 'Grant the provisioning role (SCIM) to a user' })
  grant(@CurrentCaller() caller: Caller, @Param('id', idPipe) id: number) {
    return this.directory.setProvisioner(caller, id, true);
  }

  @Delete()
  @ApiOperation({ summary: 'Revoke the provisioning role' })
  revoke(@CurrentCaller() caller: Caller, @Param('id', idPipe) id: number) {
    return this.directory.setProvisioner(caller, id, false);
  }
}
