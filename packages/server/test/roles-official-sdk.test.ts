// The official @scalekit-sdk/node (gRPC) as an independent client of every environment-role
// method of RolesService (organization roles: roles-org-official-sdk.test.ts).
import { type Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import {
  addMember,
  eventsOfType,
  newOrganization,
  newPermissions,
  roleId,
  rolesSnapshot,
} from './helpers/roles.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('RolesService roles through the official @scalekit-sdk/node', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
  });
  const { notFound, conflict, invalid, refused } = sdkRefusals;
  const name = (prefix: string) => `${prefix}_${unique()}`;

  describe('environment roles', () => {
    it('creates, gets, lists, updates and deletes a role', async () => {
      const perms = [`content:read_${unique()}`, `content:write_${unique()}`];
      await newPermissions(ctx.server, ctx.token, perms);
      const roleName = name('content_editor');
      const created = await sdk.role.createRole({
        name: roleName,
        displayName: 'Content Editor',
        description: 'Can create and edit content',
        permissions: perms,
      } as never);
      expect(created.role).toMatchObject({
        name: roleName,
        displayName: 'Content Editor',
        description: 'Can create and edit content',
        isOrgRole: false,
        dependentRolesCount: 0,
        defaultCreator: false,
        defaultMember: false,
      });
      expect(created.role?.id).toMatch(/^role_[0-9a-z]{26}$/);
      expect(created.role?.extends).toBeUndefined();

      const got = await sdk.role.getRole(roleName);
      expect(got.role).toEqual(created.role);
      expect((await sdk.role.listRoles()).roles.map((r) => r.name)).toContain(roleName);
      expect((await sdk.permission.listRolePermissions(roleName)).permissions.map((p) => p.name)).toEqual(
        [...perms].sort(),
      );

      const updated = await sdk.role.updateRole(roleName, {
        displayName: 'Content Editor (Updated)',
        permissions: [perms[0]!],
      } as never);
      expect(updated.role).toMatchObject({
        displayName: 'Content Editor (Updated)',
        description: 'Can create and edit content',
      });
      expect((await sdk.permission.listRolePermissions(roleName)).permissions.map((p) => p.name)).toEqual([
        perms[0],
      ]);

      await sdk.role.deleteRole(roleName);
      await notFound(sdk.role.getRole(roleName));
      const deleted = await eventsOfType(ctx.server, 'role.deleted');
      expect(deleted.at(-1)?.data.role).toMatchObject({
        name: roleName,
        is_org_role: false,
        permissions: [perms[0]],
      });
    });

    it('runs the documented createRole examples, the second inheriting from the first', async () => {
      const suffix = unique();
      await newPermissions(
        ctx.server,
        ctx.token,
        ['read', 'write', 'edit', 'publish', 'delete'].map((p) => `content:${p}_${suffix}`),
      );
      const p = (action: string) => `content:${action}_${suffix}`;
      await sdk.role.createRole({
        name: `content_editor_${suffix}`,
        displayName: 'Content Editor',
        description: 'Can create and edit content',
        permissions: [p('read'), p('write'), p('edit')],
      } as never);
      const senior = await sdk.role.createRole({
        name: `senior_editor_${suffix}`,
        displayName: 'Senior Editor',
        description: 'Editor with publishing rights',
        extends: `content_editor_${suffix}`,
        permissions: [p('publish'), p('delete')],
      } as never);
      expect(senior.role?.extends).toBe(`content_editor_${suffix}`);
      expect((await sdk.role.getRole(`content_editor_${suffix}`)).role?.dependentRolesCount).toBe(1);
      const effective = await sdk.permission.listEffectiveRolePermissions(`senior_editor_${suffix}`);
      expect(effective.permissions.map((x) => x.name)).toEqual(
        ['delete', 'edit', 'publish', 'read', 'write'].map(p),
      );
    });

    it('refuses duplicates, unknown names and malformed input, writing nothing', async () => {
      const roleName = name('dup');
      await sdk.role.createRole({ name: roleName, displayName: 'Dup', permissions: [] } as never);
      const before = await rolesSnapshot(ctx.server);
      const error = await conflict(
        sdk.role.createRole({ name: roleName, displayName: 'Again', permissions: [] } as never),
      );
      expect(error.message).toContain(roleName);
      await notFound(sdk.role.getRole(name('ghost')));
      await notFound(sdk.role.updateRole(name('ghost'), { displayName: 'x' } as never));
      await notFound(sdk.role.deleteRole(name('ghost')));
      await notFound(sdk.role.getRoleUsersCount(name('ghost')));
      await notFound(
        sdk.role.createRole({
          name: name('r'),
          displayName: 'R',
          extends: name('ghost'),
          permissions: [],
        } as never),
      );
      const missingPermission = await notFound(
        sdk.role.createRole({
          name: name('r'),
          displayName: 'R',
          permissions: ['no:such_permission'],
        } as never),
      );
      expect(missingPermission.message).toContain('no:such_permission');
      for (const bad of ['has space', 'dash-name', 'ünïcode', 'x'.repeat(65), 'semi;colon']) {
        const e = await invalid(
          sdk.role.createRole({ name: bad, displayName: 'Bad', permissions: [] } as never),
        );
        expect(e.message).toMatch(/name/);
      }
      expect(
        (await invalid(sdk.role.createRole({ name: name('r'), displayName: '  ', permissions: [] } as never)))
          .message,
      ).toMatch(/display_name/);
      expect((await invalid(sdk.role.getRole('bad name'))).message).toMatch(/role_name/);
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });

    it('counts the members holding a role across organizations', async () => {
      const roleName = name('counted');
      await sdk.role.createRole({ name: roleName, displayName: 'Counted', permissions: [] } as never);
      const id = await roleId(ctx.server, '', roleName);
      expect((await sdk.role.getRoleUsersCount(roleName)).count).toBe(0n);
      const orgA = await newOrganization(ctx.server, ctx.token);
      const orgB = await newOrganization(ctx.server, ctx.token);
      await addMember(ctx.server, orgA, [id]);
      await addMember(ctx.server, orgA, [id]);
      await addMember(ctx.server, orgB, [id]);
      await addMember(ctx.server, orgB, []);
      expect((await sdk.role.getRoleUsersCount(roleName)).count).toBe(3n);
      expect((await sdk.role.getOrganizationRoleUsersCount(orgA, roleName)).count).toBe(2n);
      expect((await sdk.role.getOrganizationRoleUsersCount(orgB, roleName)).count).toBe(1n);
    });

    it('lists dependent roles and removes a base, keeping only the own permissions', async () => {
      const suffix = unique();
      await newPermissions(ctx.server, ctx.token, [`base:perm_${suffix}`, `child:perm_${suffix}`]);
      await sdk.role.createRole({
        name: `base_${suffix}`,
        displayName: 'Base',
        permissions: [`base:perm_${suffix}`],
      } as never);
      for (const child of ['a', 'b']) {
        await sdk.role.createRole({
          name: `child_${child}_${suffix}`,
          displayName: 'Child',
          extends: `base_${suffix}`,
          permissions: [`child:perm_${suffix}`],
        } as never);
      }
      const dependents = await sdk.role.listDependentRoles(`base_${suffix}`);
      expect(dependents.roles.map((r) => [r.name, r.extends])).toEqual([
        [`child_a_${suffix}`, `base_${suffix}`],
        [`child_b_${suffix}`, `base_${suffix}`],
      ]);
      await sdk.role.deleteRoleBase(`child_a_${suffix}`);
      expect((await sdk.role.getRole(`child_a_${suffix}`)).role?.extends).toBeUndefined();
      expect(
        (await sdk.permission.listEffectiveRolePermissions(`child_a_${suffix}`)).permissions.map(
          (p) => p.name,
        ),
      ).toEqual([`child:perm_${suffix}`]);
      expect((await sdk.role.listDependentRoles(`base_${suffix}`)).roles.map((r) => r.name)).toEqual([
        `child_b_${suffix}`,
      ]);
      // Removing a base that is not there is not an error and changes nothing.
      await sdk.role.deleteRoleBase(`child_a_${suffix}`);
      await notFound(sdk.role.deleteRoleBase(name('ghost')));
    });

    it('sets the default creator and member roles, one of each', async () => {
      const owner = name('owner');
      const member = name('member');
      const other = name('other');
      for (const n of [owner, member, other])
        await sdk.role.createRole({ name: n, displayName: n, permissions: [] } as never);
      const result = await sdk.role.updateDefaultRoles({
        defaultCreatorRole: owner,
        defaultMemberRole: member,
      });
      expect(result.defaultCreator).toMatchObject({ name: owner, defaultCreator: true });
      expect(result.defaultMember).toMatchObject({ name: member, defaultMember: true });
      const moved = await sdk.role.updateDefaultRoles({ defaultMemberRole: other });
      expect(moved.defaultCreator?.name).toBe(owner);
      expect(moved.defaultMember?.name).toBe(other);
      const roles = (await sdk.role.listRoles()).roles;
      expect(roles.filter((r) => r.defaultMember).map((r) => r.name)).toEqual([other]);
      expect(roles.filter((r) => r.defaultCreator).map((r) => r.name)).toEqual([owner]);
      await notFound(sdk.role.updateDefaultRoles({ defaultMemberRole: name('ghost') }));
      const events = await eventsOfType(ctx.server, 'role.default_updated');
      expect(events.slice(-3).map((e) => [e.data.role.name, e.data.default])).toEqual([
        [owner, 'creator'],
        [member, 'member'],
        [other, 'member'],
      ]);
      // A default role cannot be deleted until another takes its place.
      const error = await refused(sdk.role.deleteRole(other));
      expect(error.message).toMatch(/default member role/);
    });
  });
});
