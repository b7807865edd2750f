// Integrity of users and memberships under failure and concurrency: a write that fails mid-way
// leaves nothing behind (and sends no mail), races end in one winner and clean conflicts, pages stay
// stable while rows come and go, the member limit holds, and deleting an organization removes its
// memberships — with their events — but never the users or their other memberships.
import { Code } from '@connectrpc/connect';
import { ScalekitBadRequestException, type Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { refuseEvents } from './helpers/db.ts';
import { createRoles, eventsOfType, identityCounts, mailTo, type RoleSet } from './helpers/identity.ts';
import { expectSdkError, officialClient } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

const statusOf = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: { grpcStatus?: number }) => error.grpcStatus ?? 'thrown',
  );

describeEachEngine('users and memberships integrity', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let roles: RoleSet;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    roles = await createRoles(sdk);
  });
  const newOrg = async (name = 'Org') => (await sdk.organization.createOrganization(name)).organization!.id;
  const newUser = async (orgId: string, extra: { sendInvitationEmail?: boolean } = {}) =>
    (await sdk.user.createUserAndMembership(orgId, { email: `i.${unique()}@example.com`, ...extra })).user!;
  const withEventsRefused = async (body: () => Promise<void>) => {
    await refuseEvents(ctx.server, engine, true);
    try {
      await body();
    } finally {
      await refuseEvents(ctx.server, engine, false);
    }
  };

  describe('a failure mid-way leaves nothing changed', () => {
    it('on create: no user, membership, roles, invitation or mail', async () => {
      const org = await newOrg();
      const address = `fail.${unique()}@example.com`;
      const before = await identityCounts(ctx.server);
      await withEventsRefused(async () => {
        const create = sdk.user.createUserAndMembership(org, { email: address, sendInvitationEmail: true });
        expect(await statusOf(create)).toBe(Code.Internal);
      });
      expect(await identityCounts(ctx.server)).toEqual(before);
      expect(await mailTo(ctx.server, address)).toEqual([]);
      expect((await sdk.user.searchUsers(address)).users).toEqual([]);
    });

    it('on membership changes and user deletion: everything as it was', async () => {
      const org = await newOrg();
      const other = await newOrg();
      const user = await newUser(org);
      await sdk.user.updateMembership(org, user.id, { roles: [roles.viewer], metadata: { a: '1' } });
      const snapshot = (await sdk.user.getUser(user.id)).user;
      const before = await identityCounts(ctx.server);
      await withEventsRefused(async () => {
        expect(await statusOf(sdk.user.createMembership(other, user.id, { roles: [roles.admin] }))).toBe(
          Code.Internal,
        );
        expect(await statusOf(sdk.user.updateMembership(org, user.id, { roles: [roles.admin] }))).toBe(
          Code.Internal,
        );
        expect(await statusOf(sdk.user.assignUserRoles(org, user.id, [roles.editor]))).toBe(Code.Internal);
        expect(await statusOf(sdk.user.removeUserRole(org, user.id, roles.viewer))).toBe(Code.Internal);
        expect(await statusOf(sdk.user.updateUser(user.id, { metadata: { b: '2' } }))).toBe(Code.Internal);
        expect(await statusOf(sdk.user.deleteMembership(org, user.id))).toBe(Code.Internal);
        expect(await statusOf(sdk.user.deleteUser(user.id))).toBe(Code.Internal);
        expect(await statusOf(sdk.organization.deleteOrganization(org))).toBe(Code.Internal);
      });
      expect(await identityCounts(ctx.server)).toEqual(before);
      expect((await sdk.user.getUser(user.id)).user).toEqual(snapshot);
    });
  });

  describe('races', () => {
    it('lets exactly one of many concurrent creations of one email win; the rest are ALREADY_EXISTS', async () => {
      const org = await newOrg();
      const address = `race.${unique()}@example.com`;
      const variants = [address, address.toUpperCase(), ` ${address}`, address.replace('race', 'RACE')];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          statusOf(sdk.user.createUserAndMembership(org, { email: variants[i % variants.length]! })),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === Code.AlreadyExists)).toHaveLength(11);
      expect((await sdk.user.searchUsers(address)).totalSize).toBe(1);
    });

    it('lets exactly one of many concurrent identical memberships win', async () => {
      const org = await newOrg();
      const target = await newOrg();
      const user = await newUser(org);
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          statusOf(sdk.user.createMembership(target, user.id, { roles: [roles.viewer] })),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === Code.AlreadyExists)).toHaveLength(9);
      const created = await eventsOfType(ctx.server, 'organization.membership_created', target);
      expect(created).toHaveLength(1);
    });

    it('holds the organization member limit, even under concurrent additions', async () => {
      const org = await newOrg();
      await sdk.organization.upsertUserManagementSettings(org, { maxAllowedUsers: 3 });
      const home = await newOrg();
      const users = await Promise.all(Array.from({ length: 6 }, () => newUser(home)));
      const results = await Promise.all(users.map((u) => statusOf(sdk.user.createMembership(org, u.id))));
      expect(results.filter((r) => r === 'ok')).toHaveLength(3);
      expect(results.filter((r) => r === Code.FailedPrecondition)).toHaveLength(3);
      expect((await sdk.user.listOrganizationUsers(org)).totalSize).toBe(3);
      const refused = sdk.user.createUserAndMembership(org, { email: `over.${unique()}@example.com` });
      const error = await expectSdkError(refused, ScalekitBadRequestException, {
        httpStatus: 400,
        grpcStatus: Code.FailedPrecondition,
        errorCode: 'FAILED_PRECONDITION',
      });
      expect(error.message).toMatch(/limit of 3 users/);
    });
  });

  describe('pagination under concurrent writes', () => {
    it('gives every user that exists throughout exactly once, in order, while others come and go', async () => {
      const org = await newOrg();
      const stable = [];
      for (let i = 0; i < 18; i++) stable.push((await newUser(org)).id);
      const doomed = [];
      for (let i = 0; i < 6; i++) doomed.push((await newUser(org)).id);
      const seenAll: string[] = [];
      const seenMembers: string[] = [];
      const churn = (async () => {
        for (let i = 0; i < 6; i++) {
          await newUser(org);
          await sdk.user.deleteUser(doomed[i]!);
        }
      })();
      let allToken: string | undefined;
      let memberToken: string | undefined;
      do {
        const [all, members] = await Promise.all([
          sdk.user.listUsers({ pageSize: 4, pageToken: allToken }),
          sdk.user.listOrganizationUsers(org, { pageSize: 3, pageToken: memberToken }),
        ]);
        if (allToken !== '') seenAll.push(...all.users.map((u) => u.id));
        if (memberToken !== '') seenMembers.push(...members.users.map((u) => u.id));
        allToken = allToken === '' ? '' : all.nextPageToken;
        memberToken = memberToken === '' ? '' : members.nextPageToken;
      } while (allToken !== '' || memberToken !== '');
      await churn;
      for (const seen of [seenAll, seenMembers]) {
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual([...seen].sort());
        for (const id of stable) expect(seen).toContain(id);
      }
    });
  });

  describe('deleting an organization', () => {
    it('removes its memberships with an event each, keeping the users and their other memberships', async () => {
      const doomed = await newOrg('Doomed');
      const kept = await newOrg('Kept');
      const a = await newUser(doomed);
      const b = await newUser(doomed, { sendInvitationEmail: true });
      await sdk.user.createMembership(kept, a.id, { roles: [roles.admin], metadata: { x: '1' } });
      await sdk.user.assignUserRoles(doomed, a.id, [roles.editor]);
      await sdk.organization.deleteOrganization(doomed);

      const { user: afterA } = await sdk.user.getUser(a.id);
      expect(afterA!.memberships.map((m) => m.organizationId)).toEqual([kept]);
      expect(afterA!.memberships[0]!.roles.map((r) => r.name)).toEqual([roles.admin]);
      expect(afterA!.memberships[0]!.metadata).toEqual({ x: '1' });
      expect((await sdk.user.getUser(b.id)).user!.memberships).toEqual([]);
      const db = ctx.server.running.ctx.db;
      const leftovers = await db
        .selectFrom('invitations')
        .select('id')
        .where('organization_id', '=', doomed)
        .execute();
      expect(leftovers).toEqual([]);

      const events = await eventsOfType(ctx.server, 'organization.membership_deleted', doomed);
      expect(events.map((e) => e.data.membership.user_id).sort()).toEqual([a.id, b.id].sort());
      const deleted = await eventsOfType(ctx.server, 'organization.deleted', doomed);
      expect(deleted).toHaveLength(1);
      expect(events.every((e) => e.seq < deleted[0]!.seq)).toBe(true);
    });
  });
});
