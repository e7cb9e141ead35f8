import { Module } from '@nestjs/common';
import { TransactionRunner } from '../persistence/transaction-runner';
import { Gatekeeper } from './gatekeeper';
import { GroupQueries } from './group-queries';
import { GroupsService } from './groups.service';
import { MembershipService } from './membership.service';
import { OrganizationsService } from './organizations.service';
import { PropertiesService } from './properties.service';
import { SharesService } from './shares.service';
import { UsersService } from './users.service';

const PUBLIC = [
  GroupsService,
  MembershipService,
  SharesService,
  PropertiesService,
  UsersService,
  OrganizationsService,
];

/** The one source of truth every dialect calls. Knows nothing of HTTP. */
@Module({
  providers: [TransactionRunner, GroupQueries, Gatekeeper, ...PUBLIC],
  exports: [TransactionRunner, ...PUBLIC],
})
export class GroupsDomainModule {}
