import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GroupsDomainModule } from '../domain/groups-domain.module';
import { AdminListingsRepository } from './admin-listings.repository';
import { AdminController } from './admin.controller';
import { AdminProvisionersController } from './admin-provisioners.controller';
import { AdminService } from './admin.service';
import { HealthController } from './health.controller';

@Module({
  imports: [GroupsDomainModule, AuthModule],
  controllers: [AdminController, AdminProvisionersController, HealthController],
  providers: [AdminService, AdminListingsRepository],
  exports: [AdminService],
})
export class AdminModule {}
