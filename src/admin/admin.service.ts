import { Injectable } from '@nestjs/common';
import { CredentialsService } from '../auth/credentials.service';
import { hashPassword } from '../auth/password-hasher';
import { Caller } from '../domain/caller';
import { DomainError } from '../domain/domain-error';
import { GroupsService } from '../domain/groups.service';
import { OrganizationsService } from '../domain/organizations.service';
import { UsersService } from '../domain/users.service';
import { AdminListingsRepository } from './admin-listings.repository';
import {
  CreateGroupDto,
  CreateOAuthConsumerDto,
  CreateOAuthTokenDto,
  CreateOrganizationDto,
  CreateUserDto,
  UpdateUserDto,
} from './dto/admin.dto';

/** What the admin API and the CLI both do: the same calls, the same checks. */
@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly groups: GroupsService,
    private readonly credentials: CredentialsService,
    private readonly listings: AdminListingsRepository,
  ) {}

  listUsers(caller: Caller, limit: number, offset: number) {
    this.requireAdmin(caller);
    return this.listings.users(limit, offset);
  }

  async listApiTokens(caller: Caller, userId: number) {
    this.requireAdmin(caller);
    await this.users.getUser(userId);
    return this.listings.apiTokens(userId);
  }

  listOAuthConsumers(caller: Caller) {
    this.requireAdmin(caller);
    return this.listings.oauthConsumers();
  }

  listOAuthTokens(caller: Caller, filter: { userId?: number; consumerKey?: string }) {
    this.requireAdmin(caller);
    return this.listings.oauthTokens(filter);
  }

  async createUser(caller: Caller, dto: CreateUserDto) {
    this.requireAdmin(caller);
    // Hashing happens before the transaction opens (docs/architecture.md, "Transactions").
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    return this.users.createUser(caller, { ...dto, passwordHash });
  }

  getUser(caller: Caller, id: number) {
    this.requireAdmin(caller);
    return this.users.getUser(id);
  }

  async updateUser(caller: Caller, id: number, dto: UpdateUserDto) {
    this.requireAdmin(caller);
    const { password, ...rest } = dto;
    const passwordHash = password ? await hashPassword(password) : undefined;
    return this.users.updateUser(caller, id, { ...rest, passwordHash });
  }

  deleteUser(caller: Caller, id: number) {
    return this.users.deleteUser(caller, id);
  }

  async mintToken(caller: Caller, userId: number) {
    this.requireAdmin(caller);
    return { token: await this.credentials.mintApiToken(userId) };
  }

  createOrganization(caller: Caller, dto: CreateOrganizationDto) {
    return this.organizations.createOrganization(caller, dto.name);
  }

  createGroup(caller: Caller, dto: CreateGroupDto) {
    return this.groups.createGroup(caller, dto);
  }

  createOAuthConsumer(caller: Caller, dto: CreateOAuthConsumerDto) {
    this.requireAdmin(caller);
    return this.credentials.createOAuthConsumer(dto.name, dto.administrative);
  }

  createOAuthToken(caller: Caller, dto: CreateOAuthTokenDto) {
    this.requireAdmin(caller);
    return this.credentials.createOAuthAccessToken(dto.consumerKey, dto.userId);
  }

  private requireAdmin(caller: Caller) {
    if (!caller.systemAdmin)
      throw DomainError.forbidden('The admin API is for system administrators');
  }
}
