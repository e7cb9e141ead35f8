import { createDomainTestModule, ROOT } from '../../test/helpers/domain-test-module';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { GroupListQuery, GroupsService } from './groups.service';
import { UsersService } from './users.service';

/** Listing, summary and ref lists answer the same page as the full one, with fewer fields. */
describe('GroupsService.listGroups columns', () => {
  let groups: GroupsService;
  let dataSource: DataSource;
  let owner: Caller;

  beforeAll(async () => {
    const moduleRef = await createDomainTestModule();
    groups = moduleRef.get(GroupsService);
    dataSource = moduleRef.get(DataSource);
    const users = moduleRef.get(UsersService);
    const member = await users.createUser(ROOT, { username: 'm', firstName: 'M', lastName: 'M' });
    const ownerView = await users.createUser(ROOT, {
      username: 'o',
      firstName: 'O',
      lastName: 'O',
    });
    owner = { userId: ownerView.id, systemAdmin: false };
    for (const name of ['beta', 'Alpha', 'gamma', 'alpha-2', 'delta', 'Beta-2']) {
      const creator = name.startsWith('a') || name.startsWith('B') ? owner : ROOT;
      await groups.createGroup(creator, { name, memberUserIds: [member.id] });
    }
  });

  afterAll(() => dataSource.destroy());

  it.each<[string, 'root' | 'owner', GroupListQuery]>([
    ['an administrator, default order', 'root', { limit: 4, offset: 1 }],
    [
      'a search sorted on two keys',
      'root',
      {
        search: 'a',
        sort: [
          { field: 'createdAt', direction: 'desc' },
          { field: 'name', direction: 'asc' },
        ],
        limit: 3,
      },
    ],
    ['a caller who sees only some groups, with members', 'owner', { includeMembers: true }],
  ])('%s', async (_label, who, query) => {
    const caller = who === 'root' ? ROOT : owner;
    const full = await groups.listGroups(caller, query);
    expect(full.items.length).toBeGreaterThan(0);
    const listing = await groups.listGroups(caller, { ...query, columns: 'listing' });
    expect(listing).toEqual({
      total: full.total,
      items: full.items.map(
        ({
          federated: _federated,
          ownerId: _ownerId,
          defaultOtpRequiredForLogin: _otp,
          defaultTimeZone: _timeZone,
          defaultJobsLabel: _jobs,
          defaultNotebooksLabel: _notebooks,
          defaultServicesLabel: _services,
          roleIds: _roleIds,
          ...fields
        }) => fields,
      ),
    });
    const summary = await groups.listGroups(caller, { ...query, columns: 'summary' });
    expect(summary).toEqual({
      total: full.total,
      items: full.items.map(({ id, name, createdAt, updatedAt, members }) =>
        members ? { id, name, createdAt, updatedAt, members } : { id, name, createdAt, updatedAt },
      ),
    });
    const refs = await groups.listGroups(caller, { ...query, columns: 'refs' });
    expect(refs).toEqual({
      total: full.total,
      items: full.items.map(({ id, name, members }) =>
        members ? { id, name, members } : { id, name },
      ),
    });
  });
});
