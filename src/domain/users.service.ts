import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { Gatekeeper, isUniqueViolation } from './gatekeeper';
import { GroupQueries, toUserView, USER_COLUMNS, UserRow } from './group-queries';
import { UserEntity } from './entities/user.entity';
import { assertListLength } from './input-rules';
import { UserView } from './views';

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
    private readonly queries: GroupQueries,
  ) {}

  private get sql(): Sql {
    return this.queries.sql;
  }

  async getUser(userId: number): Promise<UserView> {
    const [user] = await this.queries.usersByIds([userId]);
    if (!user) throw DomainError.notFound('user', userId, 'userId');
    return user;
  }

  /** Users among `ids` that exist, ordered by id. */
  async findUsers(ids: number[]): Promise<UserView[]> {
    const wanted = [...new Set(ids)];
    assertListLength(wanted, 'userIds');
    return this.queries.usersByIds(wanted);
  }

  async findUserByUsername(username: string): Promise<UserView | null> {
    const row = await this.sql.one<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`,
      [username],
    );
    return row ? toUserView(row) : null;
  }

  /** Users whose e-mail matches one of `emails`, case-insensitively. */
  async findUsersByEmails(emails: string[]): Promise<UserView[]> {
    const keys = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    if (keys.length === 0) return [];
    assertListLength(keys, 'emails');
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE LOWER(u.email) IN ${Sql.list(keys)} ORDER BY u.id`,
      keys,
    );
    return rows.map(toUserView);
  }

  createUser(caller: Caller, input: CreateUserInput): Promise<UserView> {
    this.requireSystemAdmin(caller);
    const username = this.validUsername(input.username);
    const email = this.validEmail(input.email);
    return this.gate.write(async (em) => {
      if (input.organizationId != null) await this.assertOrganization(em, input.organizationId);
      const now = Date.now();
      try {
        const result = await em.insert(UserEntity, {
          username,
          firstName: input.firstName ?? '',
          lastName: input.lastName ?? '',
          email,
          passwordHash: input.passwordHash ?? null,
          isAdmin: input.admin ?? false,
          active: input.active ?? true,
          organizationId: input.organizationId ?? null,
          createdAt: now,
          updatedAt: now,
        });
        const id = (result.identifiers[0] as { id: number }).id;
        return (await this.queries.usersByIds([id], em))[0];
      } catch (error) {
        if (isUniqueViolation(error)) throw DomainError.alreadyExists('user', username, 'username');
        throw error;
      }
    });
  }

  updateUser(caller: Caller, userId: number, input: UpdateUserInput): Promise<UserView> {
    this.requireSystemAdmin(caller);
    const changes: Partial<UserEntity> = { updatedAt: Date.now() };
    if (input.username !== undefined) changes.username = this.validUsername(input.username);
    if (input.email !== undefined) changes.email = this.validEmail(input.email);
    if (input.firstName !== undefined) changes.firstName = input.firstName;
    if (input.lastName !== undefined) changes.lastName = input.lastName;
    if (input.passwordHash !== undefined) changes.passwordHash = input.passwordHash;
    if (input.admin !== undefined) changes.isAdmin = input.admin;
    if (input.active !== undefined) changes.active = input.active;
    if (input.organizationId !== undefined) changes.organizationId = input.organizationId;
    return this.gate.write(async (em) => {
      const exists = await this.sql.one(`SELECT id FROM users WHERE id = ?`, [userId], em);
      if (!exists) throw DomainError.notFound('user', userId, 'userId');
      if (changes.organizationId != null) await this.assertOrganization(em, changes.organizationId);
      try {
        await em.update(UserEntity, { id: userId }, changes);
      } catch (error) {
        if (isUniqueViolation(error))
          throw DomainError.alreadyExists('user', changes.username ?? '', 'username');
        throw error;
      }
      return (await this.queries.usersByIds([userId], em))[0];
    });
  }

  deleteUser(caller: Caller, userId: number): Promise<void> {
    this.requireSystemAdmin(caller);
    return this.gate.write(async (em) => {
      const exists = await this.sql.one(`SELECT id FROM users WHERE id = ?`, [userId], em);
      if (!exists) throw DomainError.notFound('user', userId, 'userId');
      // User shares have no foreign key (polymorphic principal): remove them with the user.
      await this.sql.query(
        `DELETE FROM group_shares WHERE principal_type = 'user' AND principal_id = ?`,
        [userId],
        em,
      );
      await this.sql.query(`DELETE FROM users WHERE id = ?`, [userId], em);
    });
  }

  private requireSystemAdmin(caller: Caller) {
    if (!caller.systemAdmin)
      throw DomainError.forbidden('Only a system administrator may manage users');
  }

  private validUsername(username: string): string {
    if (typeof username !== 'string' || !/^[^\s:]{1,255}$/u.test(username)) {
      throw DomainError.invalid(
        'username',
        'username must be 1–255 characters without spaces or ":"',
      );
    }
    return username;
  }

  private validEmail(email: string | null | undefined): string | null {
    if (email === undefined || email === null || email === '') return null;
    if (!isEmail(email))
      throw DomainError.invalid('email', `"${email}" is not a valid e-mail address`);
    return email;
  }

  private async assertOrganization(em: EntityManager, organizationId: number) {
    const row = await this.sql.one(
      `SELECT id FROM organizations WHERE id = ?`,
      [organizationId],
      em,
    );
    if (!row) throw DomainError.notFound('organization', organizationId, 'organizationId');
  }
}
