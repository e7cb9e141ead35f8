import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { EntityManager } from 'typeorm';
import { UniqueViolation } from '../persistence/persistence-errors';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { Gatekeeper } from './gatekeeper';
import { assertListLength, assertValidUsername } from './input-rules';
import { OrganizationsRepository } from './repositories/organizations.repository';
import { UserChanges, UsersRepository } from './repositories/users.repository';
import { UserView } from './views';
import { requireSystemAdmin } from './access-policy';

export interface CreateUserInput {
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  /** Already hashed by the credentials service (hashing never runs inside a transaction). */
  passwordHash?: string | null;
  admin?: boolean;
  active?: boolean;
  organizationId?: number | null;
}

export type UpdateUserInput = Partial<CreateUserInput>;

/** User accounts. Managing them is for system administrators; looking them up is for everyone. */
@Injectable()
export class UsersService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  async getUser(userId: number): Promise<UserView> {
    const [user] = await this.users.byIds([userId]);
    if (!user) throw DomainError.notFound('user', userId, 'userId');
    return user;
  }

  /** Users among `ids` that exist, ordered by id. */
  async findUsers(ids: number[]): Promise<UserView[]> {
    const wanted = [...new Set(ids)];
    assertListLength(wanted, 'userIds');
    return this.users.byIds(wanted);
  }

  findUserByUsername(username: string): Promise<UserView | null> {
    return this.users.byUsername(username);
  }

  /** Users whose e-mail matches one of `emails`, case-insensitively. */
  async findUsersByEmails(emails: string[]): Promise<UserView[]> {
    const keys = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    if (keys.length === 0) return [];
    assertListLength(keys, 'emails');
    return this.users.byEmailKeys(keys);
  }

  createUser(caller: Caller, input: CreateUserInput): Promise<UserView> {
    requireSystemAdmin(caller, 'manageUsers');
    const username = assertValidUsername(input.username);
    const email = this.validEmail(input.email);
    return this.gate.write(async (em) => {
      if (input.organizationId != null) await this.assertOrganization(em, input.organizationId);
      try {
        const id = await this.users.insert(em, {
          username,
          firstName: input.firstName ?? '',
          lastName: input.lastName ?? '',
          email,
          passwordHash: input.passwordHash ?? null,
          isAdmin: input.admin ?? false,
          active: input.active ?? true,
          organizationId: input.organizationId ?? null,
          createdAt: Date.now(),
        });
        return (await this.users.byIds([id], em))[0];
      } catch (error) {
        if (error instanceof UniqueViolation)
          throw DomainError.alreadyExists('user', username, 'username');
        throw error;
      }
    });
  }

  updateUser(caller: Caller, userId: number, input: UpdateUserInput): Promise<UserView> {
    requireSystemAdmin(caller, 'manageUsers');
    const changes: UserChanges = { updatedAt: Date.now() };
    if (input.username !== undefined) changes.username = assertValidUsername(input.username);
    if (input.email !== undefined) changes.email = this.validEmail(input.email);
    if (input.firstName !== undefined) changes.firstName = input.firstName;
    if (input.lastName !== undefined) changes.lastName = input.lastName;
    if (input.passwordHash !== undefined) changes.passwordHash = input.passwordHash;
    if (input.admin !== undefined) changes.isAdmin = input.admin;
    if (input.active !== undefined) changes.active = input.active;
    if (input.organizationId !== undefined) changes.organizationId = input.organizationId;
    return this.gate.write(async (em) => {
      if (!(await this.users.exists(userId, em)))
        throw DomainError.notFound('user', userId, 'userId');
      if (changes.organizationId != null) await this.assertOrganization(em, changes.organizationId);
      // Deactivation revokes the user's API and OAuth tokens for good: reactivating restores the
      // account (memberships, shares, password) but no token issued before (README, Credentials).
      if (input.active === false) await this.users.revokeTokens(em, userId, changes.updatedAt);
      try {
        await this.users.update(em, userId, changes);
      } catch (error) {
        if (error instanceof UniqueViolation)
          throw DomainError.alreadyExists('user', changes.username ?? '', 'username');
        throw error;
      }
      return (await this.users.byIds([userId], em))[0];
    });
  }

  deleteUser(caller: Caller, userId: number): Promise<void> {
    requireSystemAdmin(caller, 'manageUsers');
    return this.gate.write(async (em) => {
      if (!(await this.users.exists(userId, em)))
        throw DomainError.notFound('user', userId, 'userId');
      await this.users.delete(em, userId);
    });
  }

  private validEmail(email: string | null | undefined): string | null {
    if (email === undefined || email === null || email === '') return null;
    if (!isEmail(email))
      throw DomainError.invalid('email', `"${email}" is not a valid e-mail address`);
    return email;
  }

  private async assertOrganization(em: EntityManager, organizationId: number) {
    if (!(await this.organizations.exists(organizationId, em)))
      throw DomainError.notFound('organization', organizationId, 'organizationId');
  }
}
