import { Injectable } from '@nestjs/common';
import { toUserView, USER_COLUMNS, UserRow } from '../domain/repositories/group-rows';
import { UserView } from '../domain/views';
import { Sql } from '../persistence/sql';

/**
 * Read-only listings for operators (the CLI's list commands). Never a secret or a hash; the
 * credential lists are the credential lifecycle's (auth/credential-lifecycle.repository.ts).
 */
@Injectable()
export class AdminListingsRepository {
  constructor(private readonly sql: Sql) {}

  async users(limit: number, offset: number): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u ORDER BY u.id LIMIT ? OFFSET ?`,
      [limit, offset],
    );
    return rows.map(toUserView);
  }
}
