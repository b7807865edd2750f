// @gatehouse/sdk's `user` client against a real server on every engine: every method of the official
// SDK's `scalekit.user`, under the same names and argument order, with REST-shaped results (enum
// names, RFC 3339 timestamps) and GatehouseError for failures.
import { beforeAll, describe, expect, it } from 'vitest';
import { Gatehouse, GatehouseError } from '../../sdk/src/index.ts';
import { createRoles, mailTo, inviteToken, type RoleSet } from './helpers/identity.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

async function expectError(
  call: Promise<unknown>,
  status: number,
  errorCode: string,
): Promise<GatehouseError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatehouseError);
  expect(error).toMatchObject({ status, errorCode });
  return error as GatehouseError;
}

describeEachEngine('@gatehouse/sdk user client', (engine) => {
  const ctx = useServer(engine);
  let gh: Gatehouse;
  let roles: RoleSet;
  let orgId: string;
  beforeAll(async () => {
    gh = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
    roles = await createRoles(officialClient(ctx.server));
    orgId = (await gh.organization.createOrganization('SDK Users')).organization.id;
  });
  const email = () => `sdk.${unique()}@example.com`;

  describe('user records', () => {
    it('creates with profile, roles and metadata; reads by id and external id', async () => {
      const externalId = `sdk-${unique()}`;
      const { user } = await gh.user.createUserAndMembership(orgId, {
        email: email(),
        externalId,
        phoneNumber: '+14155552671',
        userProfile: { firstName: 'Grace', lastName: 'Hopper', locale: 'en-US' },
        metadata: { team: 'compilers' },
        roles: [roles.editor],
        membershipMetadata: { seat: 'B2' },
      });
      expect(user).toMatchObject({
        externalId,
        metadata: { team: 'compilers' },
        userProfile: {
          givenName: 'Grace',
          familyName: 'Hopper',
          phoneNumber: '+14155552671',
          locale: 'en-US',
        },
      });
      expect(typeof user.createTime).toBe('string');
      expect(user.memberships[0]).toMatchObject({
        organizationId: orgId,
        membershipStatus: 'ACTIVE',
        metadata: { seat: 'B2' },
        roles: [{ name: roles.editor, displayName: 'Editor' }],
      });
      expect(user.memberships[0]!.permissions.sort()).toEqual([roles.read, roles.write].sort());
      expect((await gh.user.getUser(user.id)).user).toEqual(user);
      expect((await gh.user.getUserByExternalId(externalId)).user).toEqual(user);
    });

    it('keeps metadata keys exactly as written (never case-converted)', async () => {
      const { user } = await gh.user.createUserAndMembership(orgId, {
        email: email(),
        metadata: { snake_key: '1', camelKey: '2' },
        userProfile: { customAttributes: { some_attr: 'x' } },
      });
      expect(user.metadata).toEqual({ snake_key: '1', camelKey: '2' });
      expect(user.userProfile!.customAttributes).toEqual({ some_attr: 'x' });
    });

    it('lists, searches, updates and deletes', async () => {
      const tag = unique();
      const externalId = `sdk-${tag}`;
      const { user } = await gh.user.createUserAndMembership(orgId, {
        email: `find.${tag}@example.com`,
        externalId,
      });
      const first = await gh.user.listUsers({ pageSize: 1 });
      expect(first.users).toHaveLength(1);
      expect(first.nextPageToken).not.toBe('');
      expect(first.prevPageToken).toBe('');
      expect((await gh.user.searchUsers(tag.toUpperCase())).users.map((u) => u.id)).toEqual([user.id]);
      expect((await gh.user.searchOrganizationUsers(orgId, tag)).users.map((u) => u.id)).toEqual([user.id]);
      const updated = await gh.user.updateUser(user.id, {
        userProfile: { givenName: 'New' },
        metadata: { k: 'v' },
      });
      expect(updated.user.userProfile!.givenName).toBe('New');
      const byExternal = await gh.user.updateUserByExternalId(externalId, {
        userProfile: { familyName: 'Name' },
      });
      expect(byExternal.user.userProfile).toMatchObject({ givenName: 'New', familyName: 'Name' });
      expect(byExternal.user.metadata).toEqual({ k: 'v' });
      await gh.user.deleteUserByExternalId(externalId);
      await expectError(gh.user.getUser(user.id), 404, 'NOT_FOUND');
      const other = await gh.user.createUserAndMembership(orgId, { email: email() });
      await gh.user.deleteUser(other.user.id);
      await expectError(gh.user.deleteUser(other.user.id), 404, 'NOT_FOUND');
    });

    it('refuses duplicates, bad input and empty arguments', async () => {
      const address = email();
      await gh.user.createUserAndMembership(orgId, { email: address });
      await expectError(
        gh.user.createUserAndMembership(orgId, { email: address.toUpperCase() }),
        409,
        'ALREADY_EXISTS',
      );
      await expectError(gh.user.createUserAndMembership(orgId, { email: 'a@b' }), 400, 'INVALID_ARGUMENT');
      await expectError(gh.user.createUserAndMembership('', { email: email() }), 0, 'INVALID_ARGUMENT');
      await expectError(gh.user.searchUsers(' '), 0, 'INVALID_ARGUMENT');
      await expectError(gh.user.getUser('..'), 0, 'INVALID_ARGUMENT');
    });
  });

  describe('memberships, roles and invitations', () => {
    it('runs the documented createMembership, then update, roles, permissions and delete', async () => {
      const home = (await gh.organization.createOrganization('Home')).organization.id;
      const externalId = `m-${unique()}`;
      const { user } = await gh.user.createUserAndMembership(home, { email: email(), externalId });
      const created = await gh.user.createMembership(orgId, user.id, {
        roles: [roles.admin],
        metadata: { department: 'engineering', location: 'nyc-office' },
      });
      const membership = created.user.memberships.find((m) => m.organizationId === orgId)!;
      expect(membership.roles.map((r) => r.name)).toEqual([roles.admin]);
      expect(membership.metadata).toEqual({ department: 'engineering', location: 'nyc-office' });
      await expectError(gh.user.createMembership(orgId, user.id), 409, 'ALREADY_EXISTS');

      const updated = await gh.user.updateMembershipByExternalId(orgId, externalId, {
        roles: [roles.viewer],
      });
      expect(updated.user.memberships.find((m) => m.organizationId === orgId)!.metadata).toEqual({
        department: 'engineering',
        location: 'nyc-office',
      });
      await gh.user.updateMembership(orgId, user.id, { metadata: { department: 'sales' } });
      expect((await gh.user.listUserRoles(orgId, user.id)).roles.map((r) => r.name)).toEqual([roles.viewer]);
      const assigned = await gh.user.assignUserRoles(orgId, user.id, [roles.editor]);
      expect(assigned.roles.map((r) => r.name).sort()).toEqual([roles.editor, roles.viewer].sort());
      const permissions = await gh.user.listUserPermissions(orgId, user.id);
      expect(permissions.permissions.map((p) => p.name).sort()).toEqual([roles.read, roles.write].sort());
      await gh.user.removeUserRole(orgId, user.id, roles.viewer);
      await expectError(gh.user.removeUserRole(orgId, user.id, roles.viewer), 404, 'NOT_FOUND');
      const members = await gh.user.listOrganizationUsers(orgId, { pageSize: 100 });
      expect(members.users.map((u) => u.id)).toContain(user.id);

      await gh.user.deleteMembership(orgId, user.id);
      await gh.user.deleteMembershipByExternalId(home, externalId);
      expect((await gh.user.getUser(user.id)).user.memberships).toEqual([]);
    });

    it('deletes the user with its last membership only when asked to (cascade)', async () => {
      const org = (await gh.organization.createOrganization('Cascade')).organization.id;
      const { user } = await gh.user.createUserAndMembership(org, { email: email() });
      await gh.user.createMembership(orgId, user.id);
      await gh.user.deleteMembership(org, user.id, { cascade: true });
      expect((await gh.user.getUser(user.id)).user.memberships).toHaveLength(1);
      await gh.user.deleteMembership(orgId, user.id, { cascade: true });
      await expectError(gh.user.getUser(user.id), 404, 'NOT_FOUND');
    });

    it('invites with createMembership and resends with resendInvite', async () => {
      const org = (await gh.organization.createOrganization('Invite')).organization.id;
      const address = email();
      const { user } = await gh.user.createUserAndMembership(orgId, { email: address });
      const created = await gh.user.createMembership(org, user.id, {
        sendInvitationEmail: true,
        inviterEmail: 'lead@example.com',
      });
      expect(created.user.memberships.find((m) => m.organizationId === org)).toMatchObject({
        membershipStatus: 'PENDING_INVITE',
        inviterEmail: 'lead@example.com',
      });
      const { invite } = await gh.user.resendInvite(org, user.id);
      expect(invite).toMatchObject({
        organizationId: org,
        userId: user.id,
        resentCount: 1,
        status: 'pending_invite',
      });
      const mails = await mailTo(ctx.server, address);
      expect(mails).toHaveLength(2);
      const accept = await fetch(`${ctx.server.url}/invites/${inviteToken(mails[1]!.text_body)}`, {
        method: 'POST',
      });
      expect(accept.status).toBe(200);
      await expectError(gh.user.resendInvite(org, user.id), 400, 'FAILED_PRECONDITION');
    });
  });
});
