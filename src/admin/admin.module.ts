import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GroupsDomainModule } from '../domain/groups-domain.module';
import { AdminCredentialsController } from './admin-credentials.controller';
import { AdminCredentialsService } from './admin-credentials.service';
import { AdminListingsRepository } from './admin-listings.repository';
import { AdminGroupAccessController } from './admin-group-access.controller';
import { AdminGroupContentController } from './admin-group-content.controller';
import { AdminGroupMembersController } from './admin-group-members.controller';
import { AdminGroupsController } from './admin-groups.controller';
import { AdminOrganizationsController } from './admin-organizations.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminProvisionersController } from './admin-provisioners.controller';
import { AdminService } from './admin.service';

@Module({
  imports: [GroupsDomainModule, AuthModule],
  controllers: [
    AdminUsersController,
    AdminCredentialsController,
    AdminGroupsController,
    AdminGroupMembersController,
    AdminGroupAccessController,
    AdminGroupContentController,
    AdminOrganizationsController,
    AdminProvisionersController,
  ],
  providers: [AdminService, AdminCredentialsService, AdminListingsRepository],
  exports: [AdminService, AdminCredentialsService],
})
export class AdminModule {}
