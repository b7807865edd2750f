// RolesService's role routes over plain REST, as curl would call them: proto field names in and out,
// every route of the contract, `include`, and the error body for each kind of refusal.
import { describe, expect, it } from 'vitest';
import { eventsOfType, newPermissions, roleId, rolesSnapshot } from './helpers/roles.ts';
import { expectRestError, rest, restCaller } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('RolesService roles over REST', (engine) => {
  const ctx = useServer(engine);
  const { call, ok } = restCaller(ctx);

  describe('environment roles', () => {
    it('serves every route: create, get, list, update, users:count, dependents, base, delete', async () => {
      const s = unique();
      await newPermissions(ctx.server, ctx.token, [`doc:read_${s}`, `doc:write_${s}`]);
      const base = await ok('POST', '/api/v1/roles', {
        name: `viewer_${s}`,
        display_name: 'Viewer',
        description: 'Reads',
        permissions: [`doc:read_${s}`],
      });
      expect(base.role).toEqual({
        id: expect.stringMatching(/^role_/),
        name: `viewer_${s}`,
        display_name: 'Viewer',
        description: 'Reads',
        default_creator: false,
        default_member: false,
        permissions: [],
        dependent_roles_count: 0,
        is_org_role: false,
      });
      // camelCase input is accepted too.
      await ok('POST', '/api/v1/roles', {
        name: `editor_${s}`,
        displayName: 'Editor',
        extends: `viewer_${s}`,
        permissions: [`doc:write_${s}`],
      });

      const got = await ok('GET', `/api/v1/roles/editor_${s}`);
      expect(got.role).toMatchObject({ name: `editor_${s}`, extends: `viewer_${s}`, permissions: [] });
      const direct = await ok('GET', `/api/v1/roles/editor_${s}?include=permissions`);
      expect(direct.role.permissions.map((p: any) => [p.name, p.role_name])).toEqual([
        [`doc:write_${s}`, `editor_${s}`],
      ]);
      const all = await ok('GET', `/api/v1/roles/editor_${s}?include=permissions:all`);
      expect(all.role.permissions.map((p: any) => [p.name, p.role_name])).toEqual([
        [`doc:read_${s}`, `viewer_${s}`],
        [`doc:write_${s}`, `editor_${s}`],
      ]);
      expect(all.role.permissions[0]).toEqual({
        id: expect.stringMatching(/^perm_/),
        name: `doc:read_${s}`,
        description: `doc:read_${s}`,
        create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        update_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        role_name: `viewer_${s}`,
      });
      const listed = await ok('GET', '/api/v1/roles?include=permissions');
      const viewer = listed.roles.find((r: any) => r.name === `viewer_${s}`);
      expect(viewer).toMatchObject({ dependent_roles_count: 1, permissions: [{ name: `doc:read_${s}` }] });

      const updated = await ok('PUT', `/api/v1/roles/editor_${s}`, {
        display_name: 'Editor 2',
        description: 'Writes',
      });
      expect(updated.role).toMatchObject({
        display_name: 'Editor 2',
        description: 'Writes',
        extends: `viewer_${s}`,
      });
      expect(await ok('GET', `/api/v1/roles/editor_${s}/users:count`)).toEqual({ count: '0' });
      const dependents = await ok('GET', `/api/v1/roles/viewer_${s}/dependents`);
      expect(dependents.roles.map((r: any) => r.name)).toEqual([`editor_${s}`]);
      expect(await ok('DELETE', `/api/v1/roles/editor_${s}/base`)).toEqual({});
      expect((await ok('GET', `/api/v1/roles/editor_${s}`)).role.extends).toBeUndefined();
      expect(await ok('DELETE', `/api/v1/roles/editor_${s}`)).toEqual({});
      expectRestError(
        await call('GET', `/api/v1/roles/editor_${s}`),
        404,
        5,
        'NOT_FOUND',
        new RegExp(`editor_${s}`),
      );
    });

    it('updates with extends "" to remove the base, and replaces permissions only when some are given', async () => {
      const s = unique();
      await newPermissions(ctx.server, ctx.token, [`a:one_${s}`, `a:two_${s}`]);
      await ok('POST', '/api/v1/roles', { name: `top_${s}`, display_name: 'Top' });
      await ok('POST', '/api/v1/roles', {
        name: `low_${s}`,
        display_name: 'Low',
        extends: `top_${s}`,
        permissions: [`a:one_${s}`],
      });
      await ok('PUT', `/api/v1/roles/low_${s}`, { display_name: 'Low 2' });
      let role = (await ok('GET', `/api/v1/roles/low_${s}?include=permissions`)).role;
      expect(role).toMatchObject({ extends: `top_${s}`, permissions: [{ name: `a:one_${s}` }] });
      await ok('PUT', `/api/v1/roles/low_${s}`, { extends: '', permissions: [`a:two_${s}`] });
      role = (await ok('GET', `/api/v1/roles/low_${s}?include=permissions`)).role;
      expect(role.extends).toBeUndefined();
      expect(role.permissions.map((p: any) => p.name)).toEqual([`a:two_${s}`]);
      const events = await eventsOfType(ctx.server, 'role.updated');
      expect(events.at(-1)?.data.role).toMatchObject({
        name: `low_${s}`,
        extends: null,
        permissions: [`a:two_${s}`],
      });
    });

    it('sets defaults through both bindings (roles:set_defaults and roles/default)', async () => {
      const s = unique();
      await ok('POST', '/api/v1/roles', { name: `creator_${s}`, display_name: 'Creator' });
      await ok('POST', '/api/v1/roles', { name: `joiner_${s}`, display_name: 'Joiner' });
      const set = await ok('PATCH', '/api/v1/roles:set_defaults', {
        default_creator_role: `creator_${s}`,
        default_member_role: `joiner_${s}`,
      });
      expect(set.default_creator).toMatchObject({ name: `creator_${s}`, default_creator: true });
      expect(set.default_member).toMatchObject({ name: `joiner_${s}`, default_member: true });
      // The deprecated { id } form and the second route.
      const id = await roleId(ctx.server, '', `creator_${s}`);
      const legacy = await ok('PATCH', '/api/v1/roles/default', { default_member: { id } });
      expect(legacy.default_member).toMatchObject({
        name: `creator_${s}`,
        default_member: true,
        default_creator: true,
      });
      // Nothing named: the current defaults, nothing written.
      const before = await rolesSnapshot(ctx.server);
      const unchanged = await ok('PATCH', '/api/v1/roles:set_defaults', {});
      expect(unchanged.default_member.name).toBe(`creator_${s}`);
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
      expectRestError(
        await call('PATCH', '/api/v1/roles:set_defaults', { default_member_role: 'bad name' }),
        400,
        3,
        'INVALID_ARGUMENT',
        /default_member_role/,
      );
      expectRestError(
        await call('PATCH', '/api/v1/roles:set_defaults', { default_member: { id: 'role_nope' } }),
        404,
        5,
        'NOT_FOUND',
      );
    });

    it('answers each refusal with the contract error body, and writes nothing', async () => {
      const s = unique();
      await ok('POST', '/api/v1/roles', { name: `taken_${s}`, display_name: 'Taken' });
      const before = await rolesSnapshot(ctx.server);
      const cases: [string, string, unknown, number, number, string, RegExp][] = [
        [
          'POST',
          '/api/v1/roles',
          { name: `taken_${s}`, display_name: 'x' },
          409,
          6,
          'ALREADY_EXISTS',
          /taken/,
        ],
        [
          'POST',
          '/api/v1/roles',
          { display_name: 'No name' },
          400,
          3,
          'INVALID_ARGUMENT',
          /name is required/,
        ],
        ['POST', '/api/v1/roles', { name: 'ok_name' }, 400, 3, 'INVALID_ARGUMENT', /display_name/],
        ['POST', '/api/v1/roles', { name: 'a/b', display_name: 'x' }, 400, 3, 'INVALID_ARGUMENT', /name/],
        [
          'POST',
          '/api/v1/roles',
          { name: 'x', display_name: 'x', description: 'd'.repeat(2001) },
          400,
          3,
          'INVALID_ARGUMENT',
          /description/,
        ],
        [
          'POST',
          '/api/v1/roles',
          { name: 'x', display_name: 'x'.repeat(101) },
          400,
          3,
          'INVALID_ARGUMENT',
          /display_name/,
        ],
        [
          'POST',
          '/api/v1/roles',
          { name: 'x', display_name: 'x', extends: 'bad name' },
          400,
          3,
          'INVALID_ARGUMENT',
          /extends/,
        ],
        [
          'POST',
          '/api/v1/roles',
          { name: 'x', display_name: 'x', permissions: ['bad perm'] },
          400,
          3,
          'INVALID_ARGUMENT',
          /permissions\[0\]/,
        ],
        [
          'POST',
          '/api/v1/roles',
          { name: 'x', display_name: 'x', permissions: Array.from({ length: 101 }, (_, i) => `p${i}`) },
          400,
          3,
          'INVALID_ARGUMENT',
          /at most 100/,
        ],
        [
          'POST',
          '/api/v1/roles',
          { name: 'x', display_name: 'x', unknown_field: 1 },
          400,
          3,
          'INVALID_ARGUMENT',
          /unknown_field/,
        ],
        ['POST', '/api/v1/roles', { name: 7, display_name: 'x' }, 400, 3, 'INVALID_ARGUMENT', /name/],
        ['PUT', '/api/v1/roles/nobody_here', { display_name: 'x' }, 404, 5, 'NOT_FOUND', /nobody_here/],
        ['PUT', `/api/v1/roles/taken_${s}`, { display_name: '' }, 400, 3, 'INVALID_ARGUMENT', /display_name/],
        ['PUT', `/api/v1/roles/taken_${s}`, { extends: 'nobody_here' }, 404, 5, 'NOT_FOUND', /extends/],
        [
          'GET',
          `/api/v1/roles/taken_${s}?include=everything`,
          undefined,
          400,
          3,
          'INVALID_ARGUMENT',
          /include/,
        ],
        ['GET', '/api/v1/roles?include=perms', undefined, 400, 3, 'INVALID_ARGUMENT', /include/],
        [
          'GET',
          `/api/v1/roles/${encodeURIComponent("x' or '1'='1")}`,
          undefined,
          400,
          3,
          'INVALID_ARGUMENT',
          /role_name/,
        ],
        [
          'DELETE',
          `/api/v1/roles/taken_${s}?reassign_role_name=taken_${s}`,
          undefined,
          400,
          3,
          'INVALID_ARGUMENT',
          /reassign_role_name/,
        ],
        [
          'DELETE',
          `/api/v1/roles/taken_${s}?reassign_role_name=nobody_here`,
          undefined,
          404,
          5,
          'NOT_FOUND',
          /nobody_here/,
        ],
        ['GET', '/api/v1/roles/nobody_here/users:count', undefined, 404, 5, 'NOT_FOUND', /nobody_here/],
        ['GET', '/api/v1/roles/nobody_here/dependents', undefined, 404, 5, 'NOT_FOUND', /nobody_here/],
        ['DELETE', '/api/v1/roles/nobody_here/base', undefined, 404, 5, 'NOT_FOUND', /nobody_here/],
      ];
      for (const [method, path, json, status, code, errorCode, message] of cases) {
        const res = await call(method, path, json);
        expect({ case: `${method} ${path}`, status: res.status }).toEqual({
          case: `${method} ${path}`,
          status,
        });
        expectRestError(res, status, code, errorCode, message);
      }
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });

    it('refuses a call without a valid token', async () => {
      const res = await rest(ctx.server, 'GET', '/api/v1/roles');
      expectRestError(res, 401, 16, 'UNAUTHENTICATED');
      const forged = await rest(ctx.server, 'POST', '/api/v1/roles', {
        token: `${ctx.token.slice(0, -4)}AAAA`,
        json: { name: 'x', display_name: 'x' },
      });
      expect(forged.status).toBe(401);
    });
  });
});
