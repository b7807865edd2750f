// Role inheritance: effective permissions through `extends` at any depth and across the environment/
// organization boundary, and cycles — direct, self and three long — refused with nothing written.
import { ScalekitBadRequestException, type Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectivePermissionsForRoles } from '../src/roles/permission-cache.ts';
import { effectivePermissions, withAncestors } from '../src/roles/role-lookup.ts';
import { expectSdkError, officialClient, PRECONDITION } from './helpers/official-sdk.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { newOrganization, newPermissions, roleId, rolesClient, rolesSnapshot } from './helpers/roles.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('role inheritance', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
  });
  const cycle = (call: Promise<unknown>) => expectSdkError(call, ScalekitBadRequestException, PRECONDITION);
  const envRole = (name: string, fields: { extends?: string; permissions?: string[] } = {}) =>
    sdk.role.createRole({ name, displayName: name, permissions: [], ...fields } as never);

  describe('effective permissions', () => {
    it('flow down five levels of environment roles, each permission once', async () => {
      const s = unique();
      const levels = [0, 1, 2, 3, 4].map((i) => `level${i}_${s}`);
      const perms = levels.map((_, i) => `lvl:p${i}_${s}`);
      await newPermissions(ctx.server, ctx.token, [...perms, `lvl:shared_${s}`]);
      for (const [i, name] of levels.entries()) {
        const own = [perms[i]!, ...(i === 0 || i === 3 ? [`lvl:shared_${s}`] : [])];
        await envRole(name, { permissions: own, ...(i > 0 ? { extends: levels[i - 1] } : {}) });
      }
      const leaf = levels[4]!;
      const effective = await sdk.permission.listEffectiveRolePermissions(leaf);
      expect(effective.permissions.map((p) => p.name)).toEqual([...perms, `lvl:shared_${s}`].sort());
      expect((await sdk.permission.listRolePermissions(leaf)).permissions.map((p) => p.name)).toEqual([
        perms[4],
      ]);
      // Each level sees only what is above it.
      const middle = await sdk.permission.listEffectiveRolePermissions(levels[2]!);
      expect(middle.permissions.map((p) => p.name)).toEqual(
        [perms[0], perms[1], perms[2], `lvl:shared_${s}`].sort(),
      );

      // include=permissions:all names the nearest role granting each permission.
      const grpc = rolesClient(ctx.server, ctx.token);
      const { role } = await grpc.getRole({ roleName: leaf, include: 'permissions:all' });
      const sources = Object.fromEntries(role!.permissions.map((p) => [p.name, p.roleName]));
      expect(sources).toEqual({
        ...Object.fromEntries(perms.map((p, i) => [p, levels[i]])),
        [`lvl:shared_${s}`]: levels[3],
      });

      // The lookup functions other capabilities call agree with the API.
      const leafId = await roleId(ctx.server, '', leaf);
      const lookups = ctx.server.running.ctx;
      expect((await effectivePermissions(lookups.db, [leafId])).map((p) => p.name)).toEqual(
        effective.permissions.map((p) => p.name),
      );
      expect((await effectivePermissionsForRoles(lookups, [leafId])).map((p) => p.name)).toEqual(
        effective.permissions.map((p) => p.name),
      );
      expect((await withAncestors(lookups.db, [leafId])).map((r) => r.name).sort()).toEqual(
        [...levels].sort(),
      );
    });

    it('cross from an organization role into the environment roles it extends', async () => {
      const org = await newOrganization(ctx.server, ctx.token);
      const s = unique();
      await newPermissions(ctx.server, ctx.token, [`env:base_${s}`, `org:mid_${s}`, `org:top_${s}`]);
      await envRole(`env_base_${s}`, { permissions: [`env:base_${s}`] });
      await sdk.role.createOrganizationRole(org, {
        name: 'mid',
        displayName: 'Mid',
        extends: `env_base_${s}`,
        permissions: [`org:mid_${s}`],
      } as never);
      await sdk.role.createOrganizationRole(org, {
        name: 'top',
        displayName: 'Top',
        extends: 'mid',
        permissions: [`org:top_${s}`],
      } as never);
      const res = await rest(
        ctx.server,
        'GET',
        `/api/v1/organizations/${org}/roles/top?include=permissions:all`,
        {
          token: ctx.token,
        },
      );
      expect(res.body.role.permissions.map((p: any) => [p.name, p.role_name])).toEqual([
        [`env:base_${s}`, `env_base_${s}`],
        [`org:mid_${s}`, 'mid'],
        [`org:top_${s}`, 'top'],
      ]);
      // An environment role serves every organization, so it cannot extend one organization's role.
      const refused = await rest(ctx.server, 'POST', '/api/v1/roles', {
        token: ctx.token,
        json: { name: `env_on_org_${s}`, display_name: 'x', extends: 'top' },
      });
      expectRestError(refused, 404, 5, 'NOT_FOUND', /environment role top not found/);
    });

    it('reach any depth (a chain of 40 roles)', async () => {
      const s = unique();
      await newPermissions(ctx.server, ctx.token, [`deep:root_${s}`]);
      await envRole(`deep0_${s}`, { permissions: [`deep:root_${s}`] });
      for (let i = 1; i < 40; i++) await envRole(`deep${i}_${s}`, { extends: `deep${i - 1}_${s}` });
      const effective = await sdk.permission.listEffectiveRolePermissions(`deep39_${s}`);
      expect(effective.permissions.map((p) => p.name)).toEqual([`deep:root_${s}`]);
    });
  });

  describe('cycles', () => {
    it('refuses a role extending itself', async () => {
      const a = `self_${unique()}`;
      await envRole(a);
      const before = await rolesSnapshot(ctx.server);
      const error = await cycle(sdk.role.updateRole(a, { extends: a } as never));
      expect(error.message).toContain(`${a} → ${a}`);
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });

    it('refuses a direct cycle (a → b → a), naming it, and writes nothing', async () => {
      const s = unique();
      const [a, b] = [`ca_${s}`, `cb_${s}`];
      await newPermissions(ctx.server, ctx.token, [`cyc:x_${s}`]);
      await envRole(a);
      await envRole(b, { extends: a });
      const before = await rolesSnapshot(ctx.server);
      // Other changes in the same request must not land either.
      const error = await cycle(
        sdk.role.updateRole(a, { extends: b, displayName: 'changed', permissions: [`cyc:x_${s}`] } as never),
      );
      expect(error.message).toContain(`${a} → ${b} → ${a}`);
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });

    it('refuses a three-long cycle (a → c → b → a) over gRPC and REST, and writes nothing', async () => {
      const s = unique();
      const [a, b, c] = [`ta_${s}`, `tb_${s}`, `tc_${s}`];
      await envRole(a);
      await envRole(b, { extends: a });
      await envRole(c, { extends: b });
      const before = await rolesSnapshot(ctx.server);
      const error = await cycle(sdk.role.updateRole(a, { extends: c } as never));
      expect(error.message).toContain(`${a} → ${c} → ${b} → ${a}`);
      const res = await rest(ctx.server, 'PUT', `/api/v1/roles/${a}`, {
        token: ctx.token,
        json: { extends: c },
      });
      expectRestError(res, 400, 9, 'FAILED_PRECONDITION', new RegExp(`${a} → ${c} → ${b} → ${a}`));
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
      // Re-pointing within the chain without closing a loop is fine.
      await sdk.role.updateRole(c, { extends: a } as never);
      expect((await sdk.role.getRole(c)).role?.extends).toBe(a);
    });

    it('lets only one of two simultaneous updates close a loop', async () => {
      for (let round = 0; round < 5; round++) {
        const s = unique();
        const [a, b] = [`race_a_${s}`, `race_b_${s}`];
        await envRole(a);
        await envRole(b);
        const results = await Promise.allSettled([
          sdk.role.updateRole(a, { extends: b } as never),
          sdk.role.updateRole(b, { extends: a } as never),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const rows = await ctx.server.running.ctx.db
          .selectFrom('roles')
          .select(['name', 'extends_role_id'])
          .where('name', 'in', [a, b])
          .execute();
        expect(rows.filter((r) => r.extends_role_id !== null)).toHaveLength(1);
      }
    });

    it('refuses cycles among organization roles too', async () => {
      const org = await newOrganization(ctx.server, ctx.token);
      for (const [name, base] of [
        ['x', undefined],
        ['y', 'x'],
        ['z', 'y'],
      ] as const) {
        await sdk.role.createOrganizationRole(org, {
          name,
          displayName: name,
          permissions: [],
          ...(base ? { extends: base } : {}),
        } as never);
      }
      const before = await rolesSnapshot(ctx.server);
      const error = await cycle(sdk.role.updateOrganizationRole(org, 'x', { extends: 'z' } as never));
      expect(error.message).toContain('x → z → y → x');
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });
  });
});
