// The official @scalekit-sdk/node (gRPC over HTTP/2 cleartext) as an independent client of the user
// records of UserService: create with a first membership, get (by id and external id), list, search,
// update and delete. Fields the SDK's helpers do not send (the full profile) go through a plain gRPC
// client built from the same descriptors.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { Code, type Client } from '@connectrpc/connect';
import { type Scalekit } from '@scalekit-sdk/node';
import { MembershipStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import type { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectConnectError } from './helpers/grpc.ts';
import { eventsOfType, identityCounts, userServiceClient } from './helpers/identity.ts';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('users through the official @scalekit-sdk/node', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let grpc: Client<typeof UserService>;
  let orgId: string;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    grpc = userServiceClient(ctx.server.url, `Bearer ${ctx.token}`);
    orgId = (await sdk.organization.createOrganization('Users Inc')).organization!.id;
  });
  const { notFound, conflict, invalid } = sdkRefusals;
  const email = (tag = 'user') => `${tag}.${unique()}@example.com`;

  describe('createUserAndMembership and getUser', () => {
    it('creates a user who is an active member, and reads it back by id and by external id', async () => {
      const address = email('John.Doe');
      const externalId = `ext-${unique()}`;
      const before = Date.now();
      const { user } = await sdk.user.createUserAndMembership(orgId, {
        email: address,
        externalId,
        userProfile: { firstName: 'John', lastName: 'Doe' },
        metadata: { department: 'engineering' },
      });
      expect(user!.id).toMatch(/^usr_[0-9a-z]{26}$/);
      expect(user).toMatchObject({
        email: address,
        externalId,
        environmentId: ctx.server.running.ctx.environmentId,
        metadata: { department: 'engineering' },
        userProfile: { givenName: 'John', familyName: 'Doe', firstName: 'John', lastName: 'Doe' },
      });
      expect(timestampMs(user!.createTime!)).toBeGreaterThanOrEqual(before - 1000);
      expect(user!.memberships).toHaveLength(1);
      expect(user!.memberships[0]).toMatchObject({
        organizationId: orgId,
        membershipStatus: MembershipStatus.ACTIVE,
        displayName: 'Users Inc',
        roles: [],
        permissions: [],
      });
      expect((await sdk.user.getUser(user!.id)).user).toEqual(user);
      expect((await sdk.user.getUserByExternalId(externalId)).user).toEqual(user);
    });

    it('keeps every profile field a plain gRPC client sends, and the membership roles and metadata', async () => {
      const { user } = await grpc.createUserAndMembership({
        organizationId: orgId,
        user: {
          email: email(),
          userProfile: {
            givenName: 'Ada',
            familyName: 'Lovelace',
            name: 'Ada Lovelace',
            locale: 'en-GB',
            phoneNumber: '+447700900123',
            picture: 'https://example.com/ada.png',
            preferredUsername: 'ada',
            gender: 'female',
            groups: ['engineering', 'engineering', 'math'],
            customAttributes: { clearance: 'level2' },
            metadata: { source: 'import' },
          },
          membership: { metadata: { seat: 'A1' } },
        },
      });
      expect(user!.userProfile).toMatchObject({
        id: user!.id,
        givenName: 'Ada',
        familyName: 'Lovelace',
        name: 'Ada Lovelace',
        locale: 'en-GB',
        phoneNumber: '+447700900123',
        picture: 'https://example.com/ada.png',
        preferredUsername: 'ada',
        gender: 'female',
        groups: ['engineering', 'math'],
        customAttributes: { clearance: 'level2' },
        metadata: { source: 'import' },
        emailVerified: false,
      });
      expect(user!.memberships[0]!.metadata).toEqual({ seat: 'A1' });
      expect((await grpc.getUser({ identities: { case: 'id', value: user!.id } })).user).toEqual(user);
    });

    it('writes user.created and organization.membership_created with data.user.email', async () => {
      const address = email();
      const { user } = await sdk.user.createUserAndMembership(orgId, { email: address });
      const [created] = (await eventsOfType(ctx.server, 'user.created')).filter(
        (e) => e.data.user.id === user!.id,
      );
      expect(created).toMatchObject({ organization_id: orgId, object: 'User' });
      expect(created!.data.user).toMatchObject({ email: address, id: user!.id });
      const memberships = await eventsOfType(ctx.server, 'organization.membership_created', orgId);
      const mine = memberships.filter((e) => e.data.membership.user_id === user!.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.data.membership).toMatchObject({ organization_id: orgId, status: 'active', roles: [] });
    });

    it('refuses an email already used, in any letter case, and writes nothing', async () => {
      const address = email('Mixed.Case');
      await sdk.user.createUserAndMembership(orgId, { email: address });
      const before = await identityCounts(ctx.server);
      const error = await conflict(sdk.user.createUserAndMembership(orgId, { email: address.toUpperCase() }));
      expect(error.message).toContain(address.toLowerCase());
      await conflict(sdk.user.createUserAndMembership(orgId, { email: `  ${address.toLowerCase()} ` }));
      expect(await identityCounts(ctx.server)).toEqual(before);
    });

    it('refuses an external id already used', async () => {
      const externalId = `dup-${unique()}`;
      await sdk.user.createUserAndMembership(orgId, { email: email(), externalId });
      const error = await conflict(sdk.user.createUserAndMembership(orgId, { email: email(), externalId }));
      expect(error.message).toContain(externalId);
    });

    it('answers NOT_FOUND for an unknown organization or user, INVALID_ARGUMENT for a bad email', async () => {
      await notFound(sdk.user.createUserAndMembership('org_missing', { email: email() }));
      await notFound(sdk.user.getUser('usr_missing'));
      await notFound(sdk.user.getUserByExternalId('no-such-external-id'));
      await invalid(sdk.user.createUserAndMembership(orgId, { email: 'not-an-email' }));
    });
  });

  describe('listUsers and searchUsers', () => {
    it('pages through every user exactly once, forwards and backwards', async () => {
      for (let i = 0; i < 5; i++) await sdk.user.createUserAndMembership(orgId, { email: email('page') });
      const all: string[] = [];
      let pageToken: string | undefined;
      let total = 0;
      let last;
      do {
        last = await sdk.user.listUsers({ pageSize: 2, pageToken });
        total = last.totalSize;
        expect(last.users.length).toBeLessThanOrEqual(2);
        all.push(...last.users.map((u) => u.id));
        pageToken = last.nextPageToken || undefined;
      } while (pageToken);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual([...all].sort());
      expect(all.length).toBe(total);
      const back = await sdk.user.listUsers({ pageSize: 2, pageToken: last.prevPageToken });
      expect(back.users.map((u) => u.id)).toEqual(all.slice(-2 - last.users.length, -last.users.length));
    });

    it('searches by email (any case, substring), external id and id; the query is literal text', async () => {
      const tag = unique();
      const { user } = await sdk.user.createUserAndMembership(orgId, {
        email: `Search.${tag}@Example.com`,
        externalId: `crm_${tag}`,
      });
      await sdk.user.createUserAndMembership(orgId, { email: `other.${unique()}@example.com` });
      const ids = async (query: string) => (await sdk.user.searchUsers(query)).users.map((u) => u.id);
      expect(await ids(`search.${tag}`.toUpperCase())).toEqual([user!.id]);
      expect(await ids(`crm_${tag}`)).toEqual([user!.id]);
      expect(await ids(user!.id)).toEqual([user!.id]);
      expect(await ids(`%${tag}%`)).toEqual([]);
      expect(await ids(`s_arch.${tag}`)).toEqual([]);
      const found = await sdk.user.searchUsers(tag, 1);
      expect(found.totalSize).toBe(1);
      await invalid(sdk.user.searchUsers('ab'));
    });
  });

  describe('updateUser', () => {
    it('changes the names and metadata given and keeps the rest; by id and by external id', async () => {
      const externalId = `upd-${unique()}`;
      const { user } = await sdk.user.createUserAndMembership(orgId, {
        email: email(),
        externalId,
        userProfile: { firstName: 'Jane', lastName: 'Roe' },
        metadata: { a: '1' },
      });
      const renamed = await sdk.user.updateUser(user!.id, { userProfile: { lastName: 'Doe' } });
      expect(renamed.user!.userProfile).toMatchObject({ givenName: 'Jane', familyName: 'Doe' });
      expect(renamed.user!.metadata).toEqual({ a: '1' });
      const byExternal = await sdk.user.updateUserByExternalId(externalId, { metadata: { b: '2' } });
      expect(byExternal.user!.metadata).toEqual({ b: '2' });
      expect(byExternal.user!.userProfile!.familyName).toBe('Doe');
      expect((await sdk.user.getUser(user!.id)).user).toEqual(byExternal.user);
      const updated = await eventsOfType(ctx.server, 'user.updated');
      expect(updated.filter((e) => e.data.user.id === user!.id)).toHaveLength(2);
    });

    it('changes the external id, refusing one another user has', async () => {
      const taken = `taken-${unique()}`;
      await sdk.user.createUserAndMembership(orgId, { email: email(), externalId: taken });
      const { user } = await sdk.user.createUserAndMembership(orgId, { email: email() });
      await conflict(sdk.user.updateUser(user!.id, { externalId: taken }));
      const fresh = `fresh-${unique()}`;
      expect((await sdk.user.updateUser(user!.id, { externalId: fresh })).user!.externalId).toBe(fresh);
      await notFound(sdk.user.updateUser('usr_missing', { metadata: { a: 'b' } }));
    });
  });

  describe('deleteUser', () => {
    it('deletes the user and every membership, by id and by external id, with events', async () => {
      const second = (await sdk.organization.createOrganization('Second')).organization!.id;
      const { user } = await sdk.user.createUserAndMembership(orgId, { email: email() });
      await sdk.user.createMembership(second, user!.id);
      await sdk.user.deleteUser(user!.id);
      await notFound(sdk.user.getUser(user!.id));
      await notFound(sdk.user.deleteUser(user!.id));
      const ids = (await sdk.user.listOrganizationUsers(second)).users.map((u) => u.id);
      expect(ids).not.toContain(user!.id);
      const removed = await eventsOfType(ctx.server, 'organization.membership_deleted');
      const mine = removed.filter((e) => e.data.membership.user_id === user!.id);
      expect(mine.map((e) => e.organization_id).sort()).toEqual([orgId, second].sort());
      const deleted = await eventsOfType(ctx.server, 'user.deleted');
      expect(deleted.filter((e) => e.data.user.id === user!.id)).toHaveLength(1);

      const externalId = `del-${unique()}`;
      const other = await sdk.user.createUserAndMembership(orgId, { email: email(), externalId });
      await sdk.user.deleteUserByExternalId(externalId);
      await notFound(sdk.user.getUser(other.user!.id));
    });
  });

  describe('what needs an end-user token', () => {
    // GetCurrentUser with a person's token: current-user.test.ts.
    it('refuses GetCurrentUser to a management client and answers GetSupportHash with UNIMPLEMENTED', async () => {
      await expectConnectError(grpc.getCurrentUser({}), Code.PermissionDenied, 'PERMISSION_DENIED');
      await expectConnectError(grpc.getSupportHash({}), Code.Unimplemented, 'UNIMPLEMENTED');
    });
  });
});
