// The official @scalekit-sdk/node (gRPC) as an independent client of every organization-role
// method of RolesService, including the documented snippets.
import { type Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { addMember, eventsOfType, newOrganization, newPermissions, roleId } from './helpers/roles.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('RolesService organization roles through the official @scalekit-sdk/node', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
  });
  const { notFound, conflict, refused } = sdkRefusals;
  const name = (prefix: string) => `${prefix}_${unique()}`;

  describe('organization roles', () => {
    it('runs the documented snippet: createOrganizationRole extending a base, then list and get', async () => {
      const orgId = await newOrganization(ctx.server, ctx.token);
      const suffix = unique();
      const base = `base_role_name_${suffix}`;
      await newPermissions(
        ctx.server,
        ctx.token,
        [`perm.read`, `perm.write`].map((p) => `${p}_${suffix}`),
      );
      await sdk.role.createRole({ name: base, displayName: 'Base', permissions: [] } as never);
      await sdk.role.createOrganizationRole(orgId, {
        name: 'org_admin',
        displayName: 'Org Admin',
        description: 'Organization-scoped administrator role',
        extends: base,
        permissions: [`perm.read_${suffix}`, `perm.write_${suffix}`],
      } as never);
      const roles = await sdk.role.listOrganizationRoles(orgId);
      const own = roles.roles.find((r) => r.name === 'org_admin');
      expect(own).toMatchObject({ isOrgRole: true, extends: base, displayName: 'Org Admin' });
      // Environment roles are listed for the organization too.
      expect(roles.roles.find((r) => r.name === base)?.isOrgRole).toBe(false);
      const role = await sdk.role.getOrganizationRole(orgId, 'org_admin');
      expect(role.role).toEqual(own);
      const created = await eventsOfType(ctx.server, 'role.created');
      expect(created.at(-1)).toMatchObject({
        organization_id: orgId,
        data: { role: { name: 'org_admin', extends: base, organization_id: orgId, is_org_role: true } },
      });
    });

    it('updates and deletes with reassignment as documented', async () => {
      const orgId = await newOrganization(ctx.server, ctx.token);
      for (const n of ['org_role_admin', 'org_role_member', 'org_admin']) {
        await sdk.role.createOrganizationRole(orgId, { name: n, displayName: n, permissions: [] } as never);
      }
      const updated = await sdk.role.updateOrganizationRole(orgId, 'org_admin', {
        displayName: 'Org Admin (Updated)',
        description: 'Updated org role description',
      } as never);
      expect(updated.role).toMatchObject({
        displayName: 'Org Admin (Updated)',
        description: 'Updated org role description',
      });
      const member = await addMember(ctx.server, orgId, [await roleId(ctx.server, orgId, 'org_role_admin')]);
      await sdk.role.deleteOrganizationRole(orgId, 'org_role_admin', 'org_role_member');
      await notFound(sdk.role.getOrganizationRole(orgId, 'org_role_admin'));
      const names = await ctx.server.running.ctx.db
        .selectFrom('membership_roles')
        .innerJoin('roles', 'roles.id', 'membership_roles.role_id')
        .select('roles.name')
        .where('membership_id', '=', member)
        .execute();
      expect(names.map((r) => r.name)).toEqual(['org_role_member']);
    });

    it('keeps organizations apart and environment roles out of reach of organization writes', async () => {
      const orgA = await newOrganization(ctx.server, ctx.token);
      const orgB = await newOrganization(ctx.server, ctx.token);
      const env = name('env_role');
      await sdk.role.createRole({ name: env, displayName: 'Env', permissions: [] } as never);
      await sdk.role.createOrganizationRole(orgA, {
        name: 'editor',
        displayName: 'A editor',
        permissions: [],
      } as never);
      // The same name in another organization is another role.
      await sdk.role.createOrganizationRole(orgB, {
        name: 'editor',
        displayName: 'B editor',
        permissions: [],
      } as never);
      expect((await sdk.role.getOrganizationRole(orgB, 'editor')).role?.displayName).toBe('B editor');
      await conflict(
        sdk.role.createOrganizationRole(orgA, {
          name: 'editor',
          displayName: 'again',
          permissions: [],
        } as never),
      );
      // Names are unique among the roles one organization sees: no shadowing of environment roles.
      await conflict(
        sdk.role.createOrganizationRole(orgA, { name: env, displayName: 'shadow', permissions: [] } as never),
      );
      await conflict(
        sdk.role.createRole({ name: 'editor', displayName: 'env editor', permissions: [] } as never),
      );
      // An organization cannot extend another organization's role, nor see it.
      await notFound(
        sdk.role.createOrganizationRole(orgB, {
          name: 'sneaky',
          displayName: 's',
          extends: name('x'),
          permissions: [],
        } as never),
      );
      const aOnly = name('a_only');
      await sdk.role.createOrganizationRole(orgA, {
        name: aOnly,
        displayName: 'a',
        permissions: [],
      } as never);
      await notFound(sdk.role.getOrganizationRole(orgB, aOnly));
      await notFound(
        sdk.role.createOrganizationRole(orgB, {
          name: 'sneaky',
          displayName: 's',
          extends: aOnly,
          permissions: [],
        } as never),
      );
      await notFound(sdk.role.getRole(aOnly));
      // An environment role is visible in the organization but changed only through the environment methods.
      expect((await sdk.role.getOrganizationRole(orgA, env)).role?.isOrgRole).toBe(false);
      await refused(sdk.role.updateOrganizationRole(orgA, env, { displayName: 'hijack' } as never));
      await refused(sdk.role.deleteOrganizationRole(orgA, env));
      expect((await sdk.role.getRole(env)).role?.displayName).toBe('Env');
      // Unknown organizations are NOT_FOUND.
      await notFound(sdk.role.listOrganizationRoles('org_doesnotexist'));
      await notFound(
        sdk.role.createOrganizationRole('org_doesnotexist', {
          name: 'x',
          displayName: 'x',
          permissions: [],
        } as never),
      );
    });

    it('sets the organization default member role, which overrides the environment default', async () => {
      const orgId = await newOrganization(ctx.server, ctx.token);
      const envDefault = name('env_default');
      await sdk.role.createRole({ name: envDefault, displayName: 'Env default', permissions: [] } as never);
      await sdk.role.updateDefaultRoles({ defaultMemberRole: envDefault });
      await sdk.role.createOrganizationRole(orgId, {
        name: 'org_member',
        displayName: 'Org member',
        permissions: [],
      } as never);
      let roles = (await sdk.role.listOrganizationRoles(orgId)).roles;
      expect(roles.filter((r) => r.defaultMember).map((r) => r.name)).toEqual([envDefault]);

      const result = await sdk.role.updateDefaultOrganizationRoles(orgId, 'org_member');
      expect(result.defaultMember).toMatchObject({
        name: 'org_member',
        defaultMember: true,
        isOrgRole: true,
      });
      roles = (await sdk.role.listOrganizationRoles(orgId)).roles;
      expect(roles.filter((r) => r.defaultMember).map((r) => r.name)).toEqual(['org_member']);
      const org = await ctx.server.running.ctx.db
        .selectFrom('organizations')
        .select('default_member_role_id')
        .where('id', '=', orgId)
        .executeTakeFirstOrThrow();
      expect(org.default_member_role_id).toBe(await roleId(ctx.server, orgId, 'org_member'));
      const events = await eventsOfType(ctx.server, 'role.default_updated');
      expect(events.at(-1)).toMatchObject({
        organization_id: orgId,
        data: { role: { name: 'org_member' }, default: 'member' },
      });

      await notFound(sdk.role.updateDefaultOrganizationRoles(orgId, name('ghost')));
      const error = await refused(sdk.role.deleteOrganizationRole(orgId, 'org_member'));
      expect(error.message).toContain(orgId);
    });

    it('removes an organization role base', async () => {
      const orgId = await newOrganization(ctx.server, ctx.token);
      await sdk.role.createOrganizationRole(orgId, {
        name: 'parent',
        displayName: 'p',
        permissions: [],
      } as never);
      await sdk.role.createOrganizationRole(orgId, {
        name: 'kid',
        displayName: 'k',
        extends: 'parent',
        permissions: [],
      } as never);
      expect((await sdk.role.getOrganizationRole(orgId, 'kid')).role?.extends).toBe('parent');
      await sdk.role.deleteOrganizationRoleBase(orgId, 'kid');
      expect((await sdk.role.getOrganizationRole(orgId, 'kid')).role?.extends).toBeUndefined();
      await notFound(sdk.role.deleteOrganizationRoleBase(orgId, 'nobody'));
    });
  });
});
