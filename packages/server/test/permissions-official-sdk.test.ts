// The official @scalekit-sdk/node (gRPC) as an independent client of every permission method of
// RolesService: permission CRUD, pagination, and a role's own and effective permissions.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { type Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { eventsOfType, rolesSnapshot } from './helpers/roles.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('RolesService permissions through the official @scalekit-sdk/node', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
  });
  const { notFound, conflict, invalid } = sdkRefusals;
  // The SDK's parameter types are protobuf-es messages; JavaScript callers pass plain objects, as here.
  const permission = (name: string, description = '') => ({ name, description }) as never;

  describe('permissions', () => {
    it('creates, gets, updates (and renames) and deletes a permission, with events', async () => {
      const name = `read:documents_${unique()}`;
      const before = Date.now();
      const created = await sdk.permission.createPermission(permission(name, 'Allows reading documents'));
      expect(created.permission).toMatchObject({
        name,
        description: 'Allows reading documents',
        isScalekitPermission: false,
      });
      expect(created.permission?.id).toMatch(/^perm_[0-9a-z]{26}$/);
      expect(timestampMs(created.permission!.createTime!)).toBeGreaterThanOrEqual(before - 1000);
      expect((await sdk.permission.getPermission(name)).permission).toEqual(created.permission);

      const updated = await sdk.permission.updatePermission(name, permission('', 'Reads documents'));
      expect(updated.permission).toMatchObject({
        id: created.permission?.id,
        name,
        description: 'Reads documents',
      });
      const renamed = `${name}_v2`;
      await sdk.permission.updatePermission(name, permission(renamed, 'Reads documents'));
      await notFound(sdk.permission.getPermission(name));
      expect((await sdk.permission.getPermission(renamed)).permission?.id).toBe(created.permission?.id);

      await sdk.permission.deletePermission(renamed);
      await notFound(sdk.permission.getPermission(renamed));
      const types = async (type: string) =>
        (await eventsOfType(ctx.server, type)).map((e) => e.data.permission.name);
      expect(await types('permission.created')).toContain(name);
      expect(await types('permission.updated')).toEqual(expect.arrayContaining([name, renamed]));
      expect(await types('permission.deleted')).toContain(renamed);
    });

    it('accepts the documented name forms and refuses others, naming the field', async () => {
      const s = unique();
      for (const name of [
        `perm.read_${s}`,
        `read:users_${s}`,
        `dept:members:invite_${s}`,
        `users_${s}:*`,
        `A_${s}`,
      ]) {
        await sdk.permission.createPermission(permission(name));
      }
      const before = await rolesSnapshot(ctx.server);
      for (const bad of [
        '',
        'has space',
        ':leading',
        'trailing:',
        'a::b',
        'a..b',
        '*',
        'x'.repeat(129),
        'sl/ash',
        'ümlaut',
      ]) {
        const error = await invalid(sdk.permission.createPermission(permission(bad)));
        expect(error.message).toMatch(/name/);
      }
      await invalid(sdk.permission.createPermission(permission(`ok_${s}`, 'd'.repeat(2001))));
      await conflict(sdk.permission.createPermission(permission(`perm.read_${s}`)));
      await conflict(sdk.permission.updatePermission(`perm.read_${s}`, permission(`read:users_${s}`)));
      await notFound(sdk.permission.getPermission(`never:made_${s}`));
      await notFound(sdk.permission.updatePermission(`never:made_${s}`, permission('', 'x')));
      await notFound(sdk.permission.deletePermission(`never:made_${s}`));
      await invalid(sdk.permission.getPermission('bad name'));
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });

    it('pages through every permission exactly once, forwards and back', async () => {
      const s = unique();
      const names = Array.from({ length: 7 }, (_, i) => `page:p${i}_${s}`);
      for (const name of names) await sdk.permission.createPermission(permission(name));
      const total = (await sdk.permission.listPermissions(undefined, 100)).totalSize;
      expect(total).toBeGreaterThanOrEqual(7);
      const seen: string[] = [];
      const pages: { next: string; prev: string; names: string[] }[] = [];
      let token: string | undefined;
      do {
        const page = await sdk.permission.listPermissions(token, 3);
        expect(page.totalSize).toBe(total);
        expect(page.permissions.length).toBeLessThanOrEqual(3);
        seen.push(...page.permissions.map((p) => p.name));
        pages.push({
          next: page.nextPageToken,
          prev: page.prevPageToken,
          names: page.permissions.map((p) => p.name),
        });
        token = page.nextPageToken || undefined;
      } while (token);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(seen).toEqual(expect.arrayContaining(names));
      expect(pages[0]?.prev).toBe('');
      // The second page's previous token leads back to the first page.
      const back = await sdk.permission.listPermissions(pages[1]!.prev, 3);
      expect(back.permissions.map((p) => p.name)).toEqual(pages[0]!.names);
      await invalid(sdk.permission.listPermissions('not-a-token', 3));
      await invalid(sdk.permission.listPermissions(undefined, 101));
    });
  });

  describe("a role's permissions", () => {
    it('adds, lists, removes permissions and lists effective ones', async () => {
      const s = unique();
      const [read, write, admin] = ['read', 'write', 'admin'].map((p) => `docs:${p}_${s}`) as [
        string,
        string,
        string,
      ];
      for (const name of [read, write, admin]) await sdk.permission.createPermission(permission(name));
      await sdk.role.createRole({ name: `reader_${s}`, displayName: 'Reader', permissions: [read] } as never);
      await sdk.role.createRole({
        name: `admin_${s}`,
        displayName: 'Admin',
        extends: `reader_${s}`,
        permissions: [],
      } as never);

      const added = await sdk.permission.addPermissionsToRole(`admin_${s}`, [admin, write]);
      expect(added.permissions.map((p) => p.name)).toEqual([admin, write]);
      // Adding again is idempotent; the answer is the role's full list.
      const again = await sdk.permission.addPermissionsToRole(`admin_${s}`, [write]);
      expect(again.permissions.map((p) => p.name)).toEqual([admin, write]);
      expect((await sdk.permission.listRolePermissions(`admin_${s}`)).permissions.map((p) => p.name)).toEqual(
        [admin, write],
      );
      expect(
        (await sdk.permission.listEffectiveRolePermissions(`admin_${s}`)).permissions.map((p) => p.name),
      ).toEqual([admin, read, write]);

      await sdk.permission.removePermissionFromRole(`admin_${s}`, write);
      expect((await sdk.permission.listRolePermissions(`admin_${s}`)).permissions.map((p) => p.name)).toEqual(
        [admin],
      );
      // An inherited permission is not the role's own to remove.
      const inherited = await notFound(sdk.permission.removePermissionFromRole(`admin_${s}`, read));
      expect(inherited.message).toMatch(/does not have/);

      // Deleting a permission takes it away from every role that had it.
      await sdk.permission.deletePermission(read);
      expect(
        (await sdk.permission.listEffectiveRolePermissions(`admin_${s}`)).permissions.map((p) => p.name),
      ).toEqual([admin]);
      const deleted = await eventsOfType(ctx.server, 'permission.deleted');
      expect(deleted.at(-1)?.data).toMatchObject({
        permission: { name: read },
        removed_from_roles: [`reader_${s}`],
      });
      const updates = (await eventsOfType(ctx.server, 'role.updated')).filter(
        (e) => e.data.role.name === `admin_${s}`,
      );
      expect(updates.map((e) => e.data.role.permissions)).toEqual([[admin, write], [admin, write], [admin]]);
    });

    it('refuses unknown roles and permissions, writing nothing', async () => {
      const s = unique();
      await sdk.permission.createPermission(permission(`known:perm_${s}`));
      await sdk.role.createRole({ name: `holder_${s}`, displayName: 'Holder', permissions: [] } as never);
      const before = await rolesSnapshot(ctx.server);
      const missing = await notFound(
        sdk.permission.addPermissionsToRole(`holder_${s}`, [`known:perm_${s}`, `ghost:perm_${s}`]),
      );
      expect(missing.message).toContain(`ghost:perm_${s}`);
      await notFound(sdk.permission.addPermissionsToRole(`ghost_${s}`, [`known:perm_${s}`]));
      await invalid(sdk.permission.addPermissionsToRole(`holder_${s}`, []));
      await invalid(sdk.permission.addPermissionsToRole(`holder_${s}`, ['not a permission']));
      await notFound(sdk.permission.removePermissionFromRole(`holder_${s}`, `known:perm_${s}`));
      await notFound(sdk.permission.removePermissionFromRole(`holder_${s}`, `ghost:perm_${s}`));
      await notFound(sdk.permission.listRolePermissions(`ghost_${s}`));
      await notFound(sdk.permission.listEffectiveRolePermissions(`ghost_${s}`));
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });
  });
});
