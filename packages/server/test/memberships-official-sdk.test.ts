// The official @scalekit-sdk/node as an independent client of memberships and member roles: the
// documented createMembership call, updates, removal, organization member lists, role assignment
// and effective permissions through inheritance.
import { type Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganizationRole,
  createRoles,
  eventsOfType,
  identityCounts,
  type RoleSet,
} from './helpers/identity.ts';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('memberships through the official @scalekit-sdk/node', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let roles: RoleSet;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    roles = await createRoles(sdk);
  });
  const { notFound, conflict, invalid } = sdkRefusals;
  const newOrg = async (name = 'Org') => (await sdk.organization.createOrganization(name)).organization!.id;
  const newUser = async (orgId: string, externalId?: string) =>
    (await sdk.user.createUserAndMembership(orgId, { email: `m.${unique()}@example.com`, externalId })).user!;
  const roleNames = (
    user: { memberships: { organizationId: string; roles: { name: string }[] }[] },
    org: string,
  ) =>
    user.memberships
      .find((m) => m.organizationId === org)
      ?.roles.map((r) => r.name)
      .sort();

  describe('createMembership', () => {
    it('works exactly as documented: roles and metadata', async () => {
      const home = await newOrg();
      const target = await newOrg('Target');
      const user = await newUser(home);
      const { user: after } = await sdk.user.createMembership(target, user.id, {
        roles: [roles.admin],
        metadata: { department: 'engineering', location: 'nyc-office' },
      });
      const membership = after!.memberships.find((m) => m.organizationId === target)!;
      expect(membership.roles.map((r) => r.name)).toEqual([roles.admin]);
      expect(membership.roles[0]).toMatchObject({
        displayName: 'Admin',
        id: expect.stringMatching(/^role_/),
      });
      expect(membership.metadata).toEqual({ department: 'engineering', location: 'nyc-office' });
      expect(membership.permissions).toEqual([roles.manage]);
      expect(after!.memberships.map((m) => m.organizationId).sort()).toEqual([home, target].sort());
      expect((await sdk.user.getUser(user.id)).user).toEqual(after);
    });

    it('refuses a second membership in the same organization, and writes nothing', async () => {
      const org = await newOrg();
      const user = await newUser(org);
      const before = await identityCounts(ctx.server);
      await conflict(sdk.user.createMembership(org, user.id, { roles: [roles.viewer] }));
      expect(await identityCounts(ctx.server)).toEqual(before);
    });

    it('refuses unknown roles and roles of another organization, and writes nothing', async () => {
      const org = await newOrg();
      const other = await newOrg('Other');
      const foreignRole = `foreign_${unique().replace(/-/g, '')}`;
      await createOrganizationRole(sdk, other, foreignRole);
      const user = await newUser(other);
      const before = await identityCounts(ctx.server);
      const error = await invalid(sdk.user.createMembership(org, user.id, { roles: [roles.viewer, 'nope'] }));
      expect(error.message).toContain('nope');
      await invalid(sdk.user.createMembership(org, user.id, { roles: [foreignRole] }));
      expect(await identityCounts(ctx.server)).toEqual(before);
    });

    it('gives a member without roles the organization default member role', async () => {
      const org = await newOrg();
      await sdk.role.updateDefaultOrganizationRoles(org, roles.viewer);
      const user = await newUser(org);
      expect(roleNames(user, org)).toEqual([roles.viewer]);
    });

    it('adds by external id, and answers NOT_FOUND for unknown organizations and users', async () => {
      const org = await newOrg();
      const target = await newOrg();
      const externalId = `ext-${unique()}`;
      const user = await newUser(org, externalId);
      const { user: after } = await sdk.user.createMembershipByExternalId(target, externalId, {
        roles: [roles.editor],
      });
      expect(after!.id).toBe(user.id);
      expect(roleNames(after!, target)).toEqual([roles.editor]);
      await notFound(sdk.user.createMembership('org_missing', user.id));
      await notFound(sdk.user.createMembership(target, 'usr_missing'));
      await notFound(sdk.user.createMembershipByExternalId(target, 'missing-external'));
    });
  });

  describe('updateMembership and deleteMembership', () => {
    it('replaces roles and metadata given, keeps what is not given, by id and external id', async () => {
      const org = await newOrg();
      const externalId = `ext-${unique()}`;
      const user = await newUser(org, externalId);
      await sdk.user.updateMembership(org, user.id, {
        roles: [roles.viewer, roles.admin],
        metadata: { a: '1' },
      });
      const metadataOnly = await sdk.user.updateMembershipByExternalId(org, externalId, {
        metadata: { b: '2' },
      });
      expect(roleNames(metadataOnly.user!, org)).toEqual([roles.admin, roles.viewer].sort());
      const rolesOnly = await sdk.user.updateMembership(org, user.id, { roles: [roles.editor] });
      const membership = rolesOnly.user!.memberships.find((m) => m.organizationId === org)!;
      expect(membership.metadata).toEqual({ b: '2' });
      expect(membership.roles.map((r) => r.name)).toEqual([roles.editor]);
      expect(membership.permissions.sort()).toEqual([roles.read, roles.write].sort());
      const updates = (await eventsOfType(ctx.server, 'organization.membership_updated', org)).filter(
        (e) => e.data.membership.user_id === user.id,
      );
      expect(updates).toHaveLength(3);
      expect(updates[2]!.data.membership.roles.map((r: { name: string }) => r.name)).toEqual([roles.editor]);
      await invalid(sdk.user.updateMembership(org, user.id, { roles: ['nope'] }));
      await notFound(sdk.user.updateMembership(await newOrg(), user.id, { roles: [roles.viewer] }));
    });

    it('removes the membership and keeps the user and its other memberships', async () => {
      const org = await newOrg();
      const other = await newOrg();
      const externalId = `ext-${unique()}`;
      const user = await newUser(org, externalId);
      await sdk.user.createMembership(other, user.id);
      await sdk.user.deleteMembership(org, user.id);
      const { user: after } = await sdk.user.getUser(user.id);
      expect(after!.memberships.map((m) => m.organizationId)).toEqual([other]);
      await notFound(sdk.user.deleteMembership(org, user.id));
      await sdk.user.deleteMembershipByExternalId(other, externalId);
      expect((await sdk.user.getUser(user.id)).user!.memberships).toEqual([]);
      const deleted = await eventsOfType(ctx.server, 'organization.membership_deleted');
      expect(deleted.filter((e) => e.data.membership.user_id === user.id)).toHaveLength(2);
    });
  });

  describe('listOrganizationUsers and searchOrganizationUsers', () => {
    it('lists only the members, each once across pages, in id order', async () => {
      const org = await newOrg();
      const members = [];
      for (let i = 0; i < 5; i++) members.push((await newUser(org)).id);
      await newUser(await newOrg());
      const seen: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await sdk.user.listOrganizationUsers(org, { pageSize: 2, pageToken });
        expect(page.totalSize).toBe(5);
        seen.push(...page.users.map((u) => u.id));
        pageToken = page.nextPageToken || undefined;
      } while (pageToken);
      expect(seen).toEqual([...members].sort());
      await notFound(sdk.user.listOrganizationUsers('org_missing'));
    });

    it('searches members only', async () => {
      const org = await newOrg();
      const tag = unique();
      const member = await sdk.user.createUserAndMembership(org, { email: `find.${tag}@example.com` });
      await sdk.user.createUserAndMembership(await newOrg(), { email: `find.${tag}.x@example.com` });
      const found = await sdk.user.searchOrganizationUsers(org, `FIND.${tag}`);
      expect(found.users.map((u) => u.id)).toEqual([member.user!.id]);
      expect(found.totalSize).toBe(1);
      await invalid(sdk.user.searchOrganizationUsers(org, 'x'));
    });
  });

  describe('member roles and permissions', () => {
    it('lists, assigns (adding to those held) and removes roles; permissions follow inheritance', async () => {
      const org = await newOrg();
      const user = await newUser(org);
      expect((await sdk.user.listUserRoles(org, user.id)).roles).toEqual([]);
      const assigned = await sdk.user.assignUserRoles(org, user.id, [roles.viewer]);
      expect(assigned.roles.map((r) => r.name)).toEqual([roles.viewer]);
      const more = await sdk.user.assignUserRoles(org, user.id, [roles.editor, roles.viewer]);
      expect(more.roles.map((r) => r.name).sort()).toEqual([roles.editor, roles.viewer].sort());
      const permissions = await sdk.user.listUserPermissions(org, user.id);
      expect(permissions.permissions.map((p) => p.name).sort()).toEqual([roles.read, roles.write].sort());
      expect(permissions.permissions.find((p) => p.name === roles.read)).toMatchObject({
        id: expect.stringMatching(/^perm_/),
        description: `can ${roles.read}`,
      });
      await sdk.user.removeUserRole(org, user.id, roles.editor);
      expect((await sdk.user.listUserRoles(org, user.id)).roles.map((r) => r.name)).toEqual([roles.viewer]);
      expect((await sdk.user.listUserPermissions(org, user.id)).permissions.map((p) => p.name)).toEqual([
        roles.read,
      ]);
      await notFound(sdk.user.removeUserRole(org, user.id, roles.editor));
      await invalid(sdk.user.assignUserRoles(org, user.id, ['nope']));
      await invalid(sdk.user.assignUserRoles(org, user.id, []));
      await notFound(sdk.user.listUserRoles(await newOrg(), user.id));
      await notFound(sdk.user.listUserPermissions(org, 'usr_missing'));
    });
  });
});
