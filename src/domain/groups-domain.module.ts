import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module';
import { AccessPolicy } from './access-policy';
import { DirectoryService } from './directory.service';
import { Gatekeeper } from './gatekeeper';
import { GroupDirectoryService } from './group-directory.service';
import { GroupsService } from './groups.service';
import { MembershipService } from './membership.service';
import { OrganizationsService } from './organizations.service';
import { PropertiesService } from './properties.service';
import { DirectoryRepository } from './repositories/directory.repository';
import { GroupDirectoryRepository } from './repositories/group-directory.repository';
import { GroupsRepository } from './repositories/groups.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { OrganizationsRepository } from './repositories/organizations.repository';
import { PropertiesRepository } from './repositories/properties.repository';
import { SharesRepository } from './repositories/shares.repository';
import { UserDirectoryRepository } from './repositories/user-directory.repository';
import { UsersRepository } from './repositories/users.repository';
import { SharesService } from './shares.service';
import { UserDirectoryService } from './user-directory.service';
import { UsersService } from './users.service';

const PUBLIC = [
  GroupsService,
  MembershipService,
  SharesService,
  PropertiesService,
  UsersService,
  OrganizationsService,
  DirectoryService,
  GroupDirectoryService,
  UserDirectoryService,
];

const REPOSITORIES = [
  GroupsRepository,
  MembershipRepository,
  SharesRepository,
  PropertiesRepository,
  UsersRepository,
  OrganizationsRepository,
  DirectoryRepository,
  GroupDirectoryRepository,
  UserDirectoryRepository,
];

/** The one source of truth every dialect calls. Knows nothing of HTTP. */
@Module({
  imports: [PersistenceModule],
  providers: [...REPOSITORIES, AccessPolicy, Gatekeeper, ...PUBLIC],
  exports: [PersistenceModule, Gatekeeper, ...PUBLIC],
})
export class GroupsDomainModule {}
