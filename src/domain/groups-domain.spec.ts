import { createDomainTestModule, ROOT } from '../../test/helpers/domain-test-module';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { DomainError, DomainErrorCode } from './domain-error';
import { AccessPolicy } from './access-policy';
import { MAX_LIST_LENGTH } from './input-rules';
import { GroupsService } from './groups.service';
import { MembershipService } from './membership.service';
import { SharesService } from './shares.service';
import { UsersService } from './users.service';
import { GroupsRepository } from './repositories/groups.repository';
import { MembershipRepository } from './repositories/membership.repository';

/** Domain services against a real in-memory SQLite with the real migrations. */
describe('GroupsDomain', () => {
  let groups: GroupsService;
  let membership: MembershipService;
  let shares: SharesService;
  let users: UsersService;
  let groupRows: GroupsRepository;
  let memberRows: MembershipRepository;
  let policy: AccessPolicy;
  let dataSource: DataSource;

  beforeAll(async () => {
    const moduleRef = await createDomainTestModule();
    groups = moduleRef.get(GroupsService);
    membership = moduleRef.get(MembershipService);
    shares = moduleRef.get(SharesService);
    users = moduleRef.get(UsersService);
    groupRows = moduleRef.get(GroupsRepository);
    memberRows = moduleRef.get(MembershipRepository);
    policy = moduleRef.get(AccessPolicy);
    dataSource = moduleRef.get(DataSource);
  });

  afterAll(() => dataSource.destroy());

  let n = 0;
  const newUser = async () => {
    n += 1;
    const user = await users.createUser(ROOT, {
      username: `u${n}`,
      firstName: 'F',
      lastName: `L${n}`,
    });
    return { userId: user.id, systemAdmin: false } satisfies Caller;
  };
  const newGroup = (name: string, owner: Caller = ROOT) => groups.createGroup(owner, { name });

  async function expectDomainError(promise: Promise<unknown>, code: DomainErrorCode) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return error as DomainError;
  }

  describe('nesting', () => {
    it('refuses a group inside itself', async () => {
      const g = await newGroup('self');
      const error = await expectDomainError(
        groups.updateGroup(ROOT, g.id, { childGroupIds: [g.id] }),
        DomainErrorCode.Cycle,
      );
      expect(error.details).toEqual({ entity: 'group', id: g.id, param: 'childGroupIds' });
    });

    it('refuses a cycle closing a long chain, and leaves the chain as it was', async () => {
      const chain = [];
      for (let i = 0; i < 30; i++) chain.push(await newGroup(`chain-${i}`));
      for (let i = 0; i < chain.length - 1; i++) {
        await groups.updateGroup(ROOT, chain[i].id, { childGroupIds: [chain[i + 1].id] });
      }
      const last = chain[chain.length - 1];
      await expectDomainError(
        groups.updateGroup(ROOT, last.id, { childGroupIds: [chain[0].id], name: 'renamed' }),
        DomainErrorCode.Cycle,
      );
      expect(await memberRows.children(last.id)).toEqual([]);
      expect((await groupRows.byId(last.id))!.name).toBe('chain-29');
      // A diamond is not a cycle.
      await groups.updateGroup(ROOT, chain[0].id, { childGroupIds: [chain[1].id, chain[5].id] });
      expect((await memberRows.children(chain[0].id)).map((c) => c.id)).toEqual([
        chain[1].id,
        chain[5].id,
      ]);
    });
  });

  describe('uniqueness', () => {
    it('treats names case-insensitively on create and rename', async () => {
      await newGroup('Physics');
      await expectDomainError(newGroup('PHYSICS'), DomainErrorCode.AlreadyExists);
      const other = await newGroup('Chemistry');
      await expectDomainError(
        groups.updateGroup(ROOT, other.id, { name: 'physics' }),
        DomainErrorCode.AlreadyExists,
      );
      // Renaming a group to a different case of its own name is allowed.
      expect((await groups.updateGroup(ROOT, other.id, { name: 'CHEMISTRY' })).name).toBe(
        'CHEMISTRY',
      );
    });

    it('lets exactly one of many concurrent duplicate creates win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => newGroup(i % 2 ? 'Race' : 'race')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect(((r as PromiseRejectedResult).reason as DomainError).code).toBe(
          DomainErrorCode.AlreadyExists,
        );
      }
    });

    it('refuses empty and over-long names', async () => {
      await expectDomainError(newGroup('  '), DomainErrorCode.InvalidArgument);
      await expectDomainError(newGroup('x'.repeat(101)), DomainErrorCode.InvalidArgument);
      expect((await newGroup('ą'.repeat(100))).name).toHaveLength(100);
    });
  });

  describe('text every dialect can render', () => {
    it('refuses control characters in names and XML-illegal ones in free text', async () => {
      for (const name of ['a\u0000b', 'a\u0001b', 'tab\there', 'line\nbreak']) {
        const error = await expectDomainError(newGroup(name), DomainErrorCode.InvalidArgument);
        expect(error.details.param).toBe('name');
      }
      const invalidDescription = await expectDomainError(
        groups.createGroup(ROOT, { name: 'Described', description: 'nul\u0000' }),
        DomainErrorCode.InvalidArgument,
      );
      expect(invalidDescription.details.param).toBe('description');
      const described = await groups.createGroup(ROOT, {
        name: 'Described',
        description: 'two\nlines\tand a tab',
      });
      expect(described.description).toBe('two\nlines\tand a tab');
    });

    it('refuses more than MAX_LIST_LENGTH items in one call, naming the list', async () => {
      const group = await newGroup('Crowded');
      const ids = Array.from({ length: MAX_LIST_LENGTH + 1 }, (_, i) => i + 1);
      const error = await expectDomainError(
        membership.addMembers(ROOT, group.id, ids),
        DomainErrorCode.InvalidArgument,
      );
      expect(error.details.param).toBe('userIds');
    });

    it('answers NotFound for a name no group can have', async () => {
      await expectDomainError(groups.getGroupByName(ROOT, 'a\u0000b'), DomainErrorCode.NotFound);
    });
  });

  describe('access levels', () => {
    it('gives manage to the owner, the share level through nested groups, read to effective members', async () => {
      const owner = await newUser();
      const member = await newUser();
      const stranger = await newUser();
      const target = await newGroup('target', owner);
      // A share principal must be a group the sharer may read (hidden is missing).
      const team = await newGroup('team', owner);
      const subteam = await newGroup('subteam');
      await groups.updateGroup(ROOT, team.id, { childGroupIds: [subteam.id] });
      await groups.updateGroup(ROOT, subteam.id, { memberUserIds: [member.userId] });

      expect((await policy.levelOn(owner, target.id)).level).toBe('manage');
      expect((await policy.levelOn(member, target.id)).level).toBeNull();
      // A share to `team` reaches members of `subteam`, which is nested in it.
      await shares.shareWithGroups(owner, target.id, [team.id], 'write');
      expect((await policy.levelOn(member, target.id)).level).toBe('write');
      expect((await policy.levelOn(member, team.id)).level).toBe('read');
      expect((await policy.levelOn(stranger, target.id)).level).toBeNull();
      // The highest share wins.
      await shares.shareWithUsers(owner, target.id, [member.userId], 'manage');
      expect((await policy.levelOn(member, target.id)).level).toBe('manage');
      await shares.unshareUser(owner, target.id, member.userId);
      expect((await policy.levelOn(member, target.id)).level).toBe('write');
    });

    it('lets a system administrator read any group, and answers NotFound(groupId) for a missing one', async () => {
      const g = await newGroup('administered', await newUser());
      expect((await groups.getGroup(ROOT, g.id, { policy: 'directory' })).id).toBe(g.id);
      expect((await membership.getGroupWithMembers(ROOT, g.id)).group.id).toBe(g.id);
      for (const read of [
        () => groups.getGroup(ROOT, 999_999),
        () => groups.getGroup(ROOT, 999_999, { policy: 'directory' }),
        () => membership.getGroupWithMembers(ROOT, 999_999),
      ]) {
        const error = await expectDomainError(read(), DomainErrorCode.NotFound);
        expect(error.details).toMatchObject({ entity: 'group', id: 999_999, param: 'groupId' });
      }
    });

    it('hides invisible groups as NotFound and refuses visible ones as Forbidden', async () => {
      const owner = await newUser();
      const reader = await newUser();
      const g = await newGroup('guarded', owner);
      await expectDomainError(groups.getGroup(reader, g.id), DomainErrorCode.NotFound);
      await shares.shareWithUsers(owner, g.id, [reader.userId], 'read');
      expect((await groups.getGroup(reader, g.id)).id).toBe(g.id);
      await expectDomainError(
        groups.updateGroup(reader, g.id, { description: 'x' }),
        DomainErrorCode.Forbidden,
      );
      await expectDomainError(groups.deleteGroup(reader, g.id), DomainErrorCode.Forbidden);
      const page = await groups.listGroups(reader, { search: 'guarded' });
      expect(page.items.map((i) => i.id)).toEqual([g.id]);
      expect(
        (await groups.listGroups(reader, { search: 'guarded', minLevel: 'write' })).total,
      ).toBe(0);
    });
  });

  describe('effective membership', () => {
    it('unions direct members and members of nested groups, each once', async () => {
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      const top = await newGroup('top');
      const mid = await newGroup('mid');
      const leaf = await newGroup('leaf');
      await groups.updateGroup(ROOT, leaf.id, { memberUserIds: [c.userId, b.userId] });
      await groups.updateGroup(ROOT, mid.id, {
        memberUserIds: [b.userId],
        childGroupIds: [leaf.id],
      });
      await groups.updateGroup(ROOT, top.id, {
        memberUserIds: [a.userId],
        childGroupIds: [mid.id],
      });
      const effective = await membership.listEffectiveMembers(ROOT, top.id);
      expect(effective.map((u) => u.id)).toEqual([a.userId, b.userId, c.userId]);
      expect((await membership.listMembers(ROOT, top.id)).map((u) => u.id)).toEqual([a.userId]);
    });

    it('changes nothing when one reference of a write is unknown', async () => {
      const a = await newUser();
      const g = await newGroup('atomic');
      const error = await expectDomainError(
        groups.updateGroup(ROOT, g.id, { name: 'atomic-2', memberUserIds: [a.userId, 999999] }),
        DomainErrorCode.NotFound,
      );
      expect(error.details).toEqual({ entity: 'user', id: 999999, param: 'memberUserIds' });
      expect((await groupRows.byId(g.id))!.name).toBe('atomic');
      expect((await memberRows.membersOfGroups([g.id])).get(g.id)).toEqual([]);
      // dropUnknown (USOS strict=false) discards the bad reference instead.
      await groups.updateGroup(
        ROOT,
        g.id,
        { memberUserIds: [a.userId, 999999] },
        { dropUnknown: true },
      );
      expect((await memberRows.membersOfGroups([g.id])).get(g.id)!.map((u) => u.id)).toEqual([
        a.userId,
      ]);
    });
  });
});
