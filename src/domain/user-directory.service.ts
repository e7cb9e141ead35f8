import { Injectable } from '@nestjs/common';
import { Caller } from './caller';
import { decodeCursor, DEFAULT_PAGE_SIZE, KeysetPage, PageRequest, toKeysetPage } from './keyset';
import { UserDirectoryRepository } from './repositories/user-directory.repository';
import { UserView } from './views';

export interface UserSearch extends PageRequest {
  /** Start of the username, e-mail, full name or last name, case-insensitively. */
  q?: string;
  active?: boolean;
  admin?: boolean;
}

/**
 * Finding users a page at a time. Open to every authenticated caller, as user lookups are in
 * every dialect (a group manager picks the users to add); changing users stays with
 * UsersService, for system administrators.
 */
@Injectable()
export class UserDirectoryService {
  constructor(private readonly directory: UserDirectoryRepository) {}

  async searchUsers(_caller: Caller, search: UserSearch): Promise<KeysetPage<UserView>> {
    const after = search.cursor ? decodeCursor<readonly [number]>(search.cursor, ['number'])[0] : 0;
    const size = search.limit ?? DEFAULT_PAGE_SIZE;
    const { rows, counted } = await this.directory.searchUsers(
      { prefix: search.q?.toLowerCase(), active: search.active, admin: search.admin },
      after,
      size + 1,
    );
    return toKeysetPage(rows, size, counted, (user) => [user.id]);
  }
}
