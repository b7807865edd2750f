// RolesService's organization-role routes over plain REST, as curl would call them: every route,
// what goes with an organization, no-op updates, and the error body for each refusal.
import { describe, expect, it } from 'vitest';
import { addMember, newOrganization, newPermissions, roleId, rolesSnapshot } from './helpers/roles.ts';
import { expectRestError, restCaller } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('RolesService organization roles over REST', (engine) => {
  const ctx = useServer(engine);
  const { call, ok } = restCaller(ctx);

  describe('organization roles', () => {
    it('serves every route for an organization role', async () => {
      const org = await newOrganization(ctx.server, ctx.token);
      const s = unique();
      await newPermissions(ctx.server, ctx.token, [`org.read_${s}`]);
      await ok('POST', '/api/v1/roles', {
        name: `env_base_${s}`,
        display_name: 'Env base',
        permissions: [`org.read_${s}`],
      });
      const created = await ok('POST', `/api/v1/organizations/${org}/roles`, {
        name: 'org_viewer_role',
        display_name: 'Organization Viewer Role',
        extends: `env_base_${s}`,
      });
      expect(created.role).toMatchObject({
        name: 'org_viewer_role',
        is_org_role: true,
        extends: `env_base_${s}`,
      });
      const all = await ok(
        'GET',
        `/api/v1/organizations/${org}/roles/org_viewer_role?include=permissions:all`,
      );
      expect(all.role.permissions.map((p: any) => [p.name, p.role_name])).toEqual([
        [`org.read_${s}`, `env_base_${s}`],
      ]);
      const list = await ok('GET', `/api/v1/organizations/${org}/roles`);
      expect(list.roles.map((r: any) => r.name)).toEqual(
        expect.arrayContaining(['org_viewer_role', `env_base_${s}`]),
      );
      const updated = await ok('PUT', `/api/v1/organizations/${org}/roles/org_viewer_role`, {
        description: 'Views',
      });
      expect(updated.role).toMatchObject({ description: 'Views', display_name: 'Organization Viewer Role' });
      await addMember(ctx.server, org, [await roleId(ctx.server, org, 'org_viewer_role')]);
      expect(await ok('GET', `/api/v1/organizations/${org}/roles/org_viewer_role/users:count`)).toEqual({
        count: '1',
      });
      const defaults = await ok('PATCH', `/api/v1/organizations/${org}/roles:set_defaults`, {
        default_member_role: 'org_viewer_role',
      });
      expect(defaults.default_member).toMatchObject({ name: 'org_viewer_role', default_member: true });
      expect(await ok('DELETE', `/api/v1/organizations/${org}/roles/org_viewer_role/base`)).toEqual({});
      expectRestError(
        await call(
          'DELETE',
          `/api/v1/organizations/${org}/roles/org_viewer_role?reassign_role_name=env_base_${s}`,
        ),
        400,
        9,
        'FAILED_PRECONDITION',
        /default member role/,
      );
      await ok('PATCH', `/api/v1/organizations/${org}/roles:set_defaults`, {
        default_member_role: `env_base_${s}`,
      });
      expect(
        await ok(
          'DELETE',
          `/api/v1/organizations/${org}/roles/org_viewer_role?reassign_role_name=env_base_${s}`,
        ),
      ).toEqual({});
      expectRestError(
        await call('GET', `/api/v1/organizations/${org}/roles/org_viewer_role`),
        404,
        5,
        'NOT_FOUND',
      );
    });

    it('go with their organization, even nested ones and its default member role', async () => {
      const org = await newOrganization(ctx.server, ctx.token);
      const s = unique();
      await newPermissions(ctx.server, ctx.token, [`gone:p_${s}`]);
      await ok('POST', `/api/v1/organizations/${org}/roles`, {
        name: 'root',
        display_name: 'Root',
        permissions: [`gone:p_${s}`],
      });
      await ok('POST', `/api/v1/organizations/${org}/roles`, {
        name: 'leaf',
        display_name: 'Leaf',
        extends: 'root',
      });
      await ok('PATCH', `/api/v1/organizations/${org}/roles:set_defaults`, { default_member_role: 'leaf' });
      await addMember(ctx.server, org, [await roleId(ctx.server, org, 'leaf')]);
      expect(await ok('DELETE', `/api/v1/organizations/${org}`)).toEqual({});
      const db = ctx.server.running.ctx.db;
      expect(await db.selectFrom('roles').select('id').where('scope', '=', org).execute()).toEqual([]);
      expect((await ok('GET', `/api/v1/permissions/gone:p_${s}`)).permission.name).toBe(`gone:p_${s}`);
    });

    it('answers an update that changes nothing without writing', async () => {
      const org = await newOrganization(ctx.server, ctx.token);
      const created = await ok('POST', `/api/v1/organizations/${org}/roles`, {
        name: 'same',
        display_name: 'Same',
      });
      const before = await rolesSnapshot(ctx.server);
      const updated = await ok('PUT', `/api/v1/organizations/${org}/roles/same`, {});
      expect(updated.role).toEqual(created.role);
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
      expectRestError(
        await call('PUT', `/api/v1/organizations/${org}/roles/nobody`, {}),
        404,
        5,
        'NOT_FOUND',
      );
    });

    it('refuses unknown organizations and bad input with the contract error body', async () => {
      const org = await newOrganization(ctx.server, ctx.token);
      const before = await rolesSnapshot(ctx.server);
      const cases: [string, string, unknown, number, string, RegExp][] = [
        ['GET', '/api/v1/organizations/org_missing/roles', undefined, 404, 'NOT_FOUND', /org_missing/],
        [
          'POST',
          '/api/v1/organizations/org_missing/roles',
          { name: 'r', display_name: 'r' },
          404,
          'NOT_FOUND',
          /org_missing/,
        ],
        [
          'POST',
          `/api/v1/organizations/${org}/roles`,
          { name: 'bad-name', display_name: 'r' },
          400,
          'INVALID_ARGUMENT',
          /name/,
        ],
        [
          'POST',
          `/api/v1/organizations/${org}/roles`,
          { name: 'r', display_name: 'r', extends: 'nobody' },
          404,
          'NOT_FOUND',
          /nobody/,
        ],
        [
          'PUT',
          `/api/v1/organizations/${org}/roles/nobody`,
          { display_name: 'r' },
          404,
          'NOT_FOUND',
          /nobody/,
        ],
        [
          'GET',
          `/api/v1/organizations/${org}/roles/nobody/users:count`,
          undefined,
          404,
          'NOT_FOUND',
          /nobody/,
        ],
        [
          'PATCH',
          `/api/v1/organizations/${org}/roles:set_defaults`,
          {},
          400,
          'INVALID_ARGUMENT',
          /default_member_role/,
        ],
        [
          'PATCH',
          `/api/v1/organizations/${org}/roles:set_defaults`,
          { default_member_role: 'nobody' },
          404,
          'NOT_FOUND',
          /nobody/,
        ],
        ['DELETE', `/api/v1/organizations/${org}/roles/nobody`, undefined, 404, 'NOT_FOUND', /nobody/],
      ];
      for (const [method, path, json, status, errorCode, message] of cases) {
        const res = await call(method, path, json);
        expectRestError(res, status, status === 404 ? 5 : 3, errorCode, message);
      }
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });
  });
});
