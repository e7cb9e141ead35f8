import { Injectable } from '@nestjs/common';
import { hashPassword } from '../auth/password-hasher';
import { Caller } from '../domain/caller';
import { GroupDirectoryService } from '../domain/group-directory.service';
import { GroupsService } from '../domain/groups.service';
import { OrganizationsService } from '../domain/organizations.service';
import { UsersService } from '../domain/users.service';
import { AdminListingsRepository } from './admin-listings.repository';
import { adminGroup, adminUser } from './admin-views';
import {
  CreateGroupDto,
  CreateOrganizationDto,
  CreateUserDto,
  UpdateUserDto,
} from './dto/admin.dto';
import { AdminGroupDto, AdminUserDto } from './dto/admin-responses.dto';
import { requireSystemAdmin } from '../domain/access-policy';

/** What the admin API and the CLI both do: the same calls, the same checks, the same answers. */
@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly groups: GroupsService,
    private readonly groupDirectory: GroupDirectoryService,
    private readonly listings: AdminListingsRepository,
  ) {}

  async listUsers(caller: Caller, limit: number, offset: number): Promise<AdminUserDto[]> {
    requireSystemAdmin(caller, 'useAdminApi');
    return (await this.listings.users(limit, offset)).map(adminUser);
  }

  async createUser(caller: Caller, dto: CreateUserDto): Promise<AdminUserDto> {
    requireSystemAdmin(caller, 'useAdminApi');
    // Hashing happens before the transaction opens (docs/architecture.md, "Transactions").
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    return adminUser(await this.users.createUser(caller, { ...dto, passwordHash }));
  }

  /** Open to every authenticated caller, like user lookups in the dialects. */
  async getUser(_caller: Caller, id: number): Promise<AdminUserDto> {
    return adminUser(await this.users.getUser(id));
  }

  async updateUser(caller: Caller, id: number, dto: UpdateUserDto): Promise<AdminUserDto> {
    requireSystemAdmin(caller, 'useAdminApi');
    const { password, ...rest } = dto;
    const passwordHash = password ? await hashPassword(password) : undefined;
    return adminUser(await this.users.updateUser(caller, id, { ...rest, passwordHash }));
  }

  deleteUser(caller: Caller, id: number) {
    return this.users.deleteUser(caller, id);
  }

  createOrganization(caller: Caller, dto: CreateOrganizationDto) {
    return this.organizations.createOrganization(caller, dto.name);
  }

  /** Open to every authenticated caller (docs/architecture.md, access policy); the caller owns the group. */
  async createGroup(caller: Caller, dto: CreateGroupDto): Promise<AdminGroupDto> {
    const { id } = await this.groups.createGroup(caller, dto);
    return adminGroup(await this.groupDirectory.getGroup(caller, id));
  }
}
