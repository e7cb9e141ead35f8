import { createDomainTestModule, ROOT } from '../../test/helpers/domain-test-module';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { DomainError, DomainErrorCode } from './domain-error';
import { GroupsService } from './groups.service';
import { MembershipService } from './membership.service';
import { SharesService } from './shares.service';
import { UsersService } from './users.service';

/**
 * The combined read (group + members after one access check) and the add-then-read write keep
 * the access policy of the separate calls: invisible is NotFound, visible but not allowed is
 * Forbidden, and a refused write leaves nothing behind.
 */
describe('MembershipService: group with members', () => {
  let groups: GroupsService;
  let membership: MembershipService;
  let dataSource: DataSource;
  let reader: Caller;
  let stranger: Caller;
  let newcomer: number;
  let targetId: number;
  let hiddenId: number;

  beforeAll(async () => {
    const moduleRef = await createDomainTestModule();
    groups = moduleRef.get(GroupsService);
    membership = moduleRef.get(MembershipService);
    dataSource = moduleRef.get(DataSource);
    const users = moduleRef.get(UsersService);
    const newUser = async (username: string) =>
      (await users.createUser(ROOT, { username, firstName: 'F', lastName: username })).id;
    reader = { userId: await newUser('reader'), systemAdmin: false };
    stranger = { userId: await newUser('stranger'), systemAdmin: false };
    newcomer = await newUser('newcomer');

    // The reader sees the target only as a member of Team's nested Sub Team, through a read
    // share held by Team.
    const team = await groups.createGroup(ROOT, { name: 'Team' });
    const sub = await groups.createGroup(ROOT, {
      name: 'Sub Team',
      memberUserIds: [reader.userId],
    });
    await groups.updateGroup(ROOT, team.id, { childGroupIds: [sub.id] });
    targetId = (await groups.createGroup(ROOT, { name: 'Target', memberUserIds: [newcomer] })).id;
    await moduleRef.get(SharesService).shareWithGroups(ROOT, targetId, [team.id], 'read');
    hiddenId = (await groups.createGroup(ROOT, { name: 'Hidden' })).id;
  });

  afterAll(() => dataSource.destroy());

  async function domainError(promise: Promise<unknown>) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('answers what getGroup and listMembers answer, for a reader through nesting and a share', async () => {
    expect(await membership.getGroupWithMembers(reader, targetId)).toEqual({
      group: await groups.getGroup(reader, targetId),
      members: await membership.listMembers(reader, targetId),
    });
  });

  it('hides invisible and unknown groups alike', async () => {
    for (const id of [hiddenId, 999_999]) {
      const error = await domainError(membership.getGroupWithMembers(stranger, id));
      expect(error.code).toBe(DomainErrorCode.NotFound);
      expect(error.details).toEqual({ entity: 'group', id, param: 'groupId' });
    }
    expect((await domainError(membership.getGroupWithMembers(stranger, targetId))).code).toBe(
      DomainErrorCode.NotFound,
    );
  });

  it('refuses a write to a reader (Forbidden) and to a stranger (NotFound), writing nothing', async () => {
    const before = await membership.getGroupWithMembers(ROOT, targetId);
    const forbidden = await domainError(
      membership.addMembersAndGet(reader, targetId, [reader.userId]),
    );
    expect(forbidden.code).toBe(DomainErrorCode.Forbidden);
    const hidden = await domainError(
      membership.addMembersAndGet(stranger, targetId, [stranger.userId]),
    );
    expect(hidden.code).toBe(DomainErrorCode.NotFound);
    expect(await membership.getGroupWithMembers(ROOT, targetId)).toEqual(before);
  });

  it('answers the group as the write left it', async () => {
    const unknownUser = await domainError(membership.addMembersAndGet(ROOT, targetId, [999_999]));
    expect(unknownUser.details).toEqual({ entity: 'user', id: 999_999, param: 'userIds' });
    const answer = await membership.addMembersAndGet(ROOT, targetId, [stranger.userId]);
    expect(answer.members.map((m) => m.id)).toEqual([stranger.userId, newcomer]);
    expect(answer.group).toMatchObject({ memberCount: 2, updatedById: ROOT.userId });
    expect(answer).toEqual(await membership.getGroupWithMembers(ROOT, targetId));
  });
});
