// RolesService's permission routes over plain REST: permission CRUD, pagination by token, the type
// filter, a role's permissions — and the error body for bad input.
import { describe, expect, it } from 'vitest';
import { newPermissions, rolesSnapshot } from './helpers/roles.ts';
import { expectRestError, rest, restCaller } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('RolesService permissions over REST', (engine) => {
  const ctx = useServer(engine);
  const { call, ok } = restCaller(ctx);
  const path = (name: string) => `/api/v1/permissions/${encodeURIComponent(name)}`;

  describe('permissions', () => {
    it('creates, gets, updates, lists and deletes, with names holding ":", "." and "*"', async () => {
      const s = unique();
      for (const name of [`read:users_${s}`, `perm.read_${s}`, `users_${s}:*`]) {
        const created = await ok('POST', '/api/v1/permissions', { name, description: `about ${name}` });
        expect(created.permission).toEqual({
          id: expect.stringMatching(/^perm_/),
          name,
          description: `about ${name}`,
          create_time: expect.any(String),
          update_time: expect.any(String),
          is_scalekit_permission: false,
        });
        expect((await ok('GET', path(name))).permission).toEqual(created.permission);
      }
      const updated = await ok('PUT', path(`read:users_${s}`), { name: '', description: 'Reads users' });
      expect(updated.permission).toMatchObject({ name: `read:users_${s}`, description: 'Reads users' });
      const listed = await ok('GET', '/api/v1/permissions?page_size=100');
      expect(listed.permissions.map((p: any) => p.name)).toEqual(
        expect.arrayContaining([`read:users_${s}`, `perm.read_${s}`, `users_${s}:*`]),
      );
      expect(listed.total_size).toBe(listed.permissions.length);
      expect(await ok('DELETE', path(`users_${s}:*`))).toEqual({});
      expectRestError(await call('GET', path(`users_${s}:*`)), 404, 5, 'NOT_FOUND', /not found/);
    });

    it('filters by type: no predefined (SCALEKIT) permissions, every one is the environment’s', async () => {
      await newPermissions(ctx.server, ctx.token, [`typed:p_${unique()}`]);
      const scalekit = await ok('GET', '/api/v1/permissions?type=SCALEKIT');
      expect(scalekit).toEqual({ permissions: [], prev_page_token: '', next_page_token: '', total_size: 0 });
      const all = await ok('GET', '/api/v1/permissions?type=ALL&page_size=100');
      const env = await ok('GET', '/api/v1/permissions?type=ENVIRONMENT&page_size=100');
      expect(env.permissions).toEqual(all.permissions);
      expect(all.total_size).toBeGreaterThan(0);
      expectRestError(
        await call('GET', '/api/v1/permissions?type=OTHER'),
        400,
        3,
        'INVALID_ARGUMENT',
        /type/,
      );
    });

    it('pages with tokens: next then previous returns the same page', async () => {
      await newPermissions(
        ctx.server,
        ctx.token,
        Array.from({ length: 5 }, (_, i) => `paged:n${i}_${unique()}`),
      );
      const first = await ok('GET', '/api/v1/permissions?page_size=2');
      expect(first.prev_page_token).toBe('');
      const second = await ok('GET', `/api/v1/permissions?page_size=2&page_token=${first.next_page_token}`);
      expect(second.permissions[0].id > first.permissions[1].id).toBe(true);
      const back = await ok('GET', `/api/v1/permissions?page_size=2&page_token=${second.prev_page_token}`);
      expect(back.permissions).toEqual(first.permissions);
      for (const bad of ['page_token=garbage', 'page_size=1000', 'page_size=-1', 'page_size=abc']) {
        expectRestError(await call('GET', `/api/v1/permissions?${bad}`), 400, 3, 'INVALID_ARGUMENT');
      }
    });

    it('refuses bad input with the contract error body, writing nothing', async () => {
      const s = unique();
      await newPermissions(ctx.server, ctx.token, [`exists:p_${s}`, `other:p_${s}`]);
      const before = await rolesSnapshot(ctx.server);
      const cases: [string, string, unknown, number, number, string, RegExp][] = [
        ['POST', '/api/v1/permissions', { name: `exists:p_${s}` }, 409, 6, 'ALREADY_EXISTS', /exists/],
        [
          'POST',
          '/api/v1/permissions',
          { description: 'no name' },
          400,
          3,
          'INVALID_ARGUMENT',
          /name is required/,
        ],
        ['POST', '/api/v1/permissions', { name: 'drop table;' }, 400, 3, 'INVALID_ARGUMENT', /name/],
        ['POST', '/api/v1/permissions', { name: ['a'] }, 400, 3, 'INVALID_ARGUMENT', /name/],
        ['PUT', path(`exists:p_${s}`), { name: `other:p_${s}` }, 409, 6, 'ALREADY_EXISTS', /other/],
        ['PUT', path(`exists:p_${s}`), { name: 'bad name' }, 400, 3, 'INVALID_ARGUMENT', /name/],
        ['PUT', path('never:was'), { description: 'x' }, 404, 5, 'NOT_FOUND', /never:was/],
        ['GET', path('bad name'), undefined, 400, 3, 'INVALID_ARGUMENT', /permission_name/],
        ['DELETE', path('never:was'), undefined, 404, 5, 'NOT_FOUND', /never:was/],
      ];
      for (const [method, url, json, status, code, errorCode, message] of cases) {
        expectRestError(await call(method, url, json), status, code, errorCode, message);
      }
      const polluted = await rest(ctx.server, 'POST', '/api/v1/permissions', {
        token: ctx.token,
        raw: '{"name":"x:y","__proto__":{"admin":true}}',
      });
      expectRestError(polluted, 400, 3, 'INVALID_ARGUMENT');
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });
  });

  describe("a role's permissions", () => {
    it('adds, lists, removes and lists effective permissions over their routes', async () => {
      const s = unique();
      // Lists are in code-point order: "res.b" sorts before "res:a" ('.' < ':'), on every engine.
      const [a, b, c] = [`res:a_${s}`, `res.b_${s}`, `res:c_${s}`];
      await newPermissions(ctx.server, ctx.token, [a, b, c]);
      await ok('POST', '/api/v1/roles', { name: `parent_${s}`, display_name: 'Parent', permissions: [c] });
      await ok('POST', '/api/v1/roles', {
        name: `child_${s}`,
        display_name: 'Child',
        extends: `parent_${s}`,
      });
      const added = await ok('POST', `/api/v1/roles/child_${s}/permissions`, { permission_names: [b, a] });
      expect(added.permissions.map((p: any) => p.name)).toEqual([b, a]);
      expect(
        (await ok('GET', `/api/v1/roles/child_${s}/permissions`)).permissions.map((p: any) => p.name),
      ).toEqual([b, a]);
      const all = await ok('GET', `/api/v1/roles/child_${s}/permissions:all`);
      expect(all.permissions.map((p: any) => p.name)).toEqual([b, a, c]);
      expect(await ok('DELETE', `/api/v1/roles/child_${s}/permissions/${encodeURIComponent(b)}`)).toEqual({});
      expect(
        (await ok('GET', `/api/v1/roles/child_${s}/permissions`)).permissions.map((p: any) => p.name),
      ).toEqual([a]);
      expectRestError(
        await call('DELETE', `/api/v1/roles/child_${s}/permissions/${encodeURIComponent(c)}`),
        404,
        5,
        'NOT_FOUND',
        /does not have/,
      );
      expectRestError(
        await call('POST', `/api/v1/roles/child_${s}/permissions`, { permission_names: [] }),
        400,
        3,
        'INVALID_ARGUMENT',
        /permission_names/,
      );
      expectRestError(
        await call('POST', `/api/v1/roles/child_${s}/permissions`, { permission_names: ['nope:nope'] }),
        404,
        5,
        'NOT_FOUND',
        /nope:nope/,
      );
      expectRestError(await call('GET', '/api/v1/roles/ghost/permissions:all'), 404, 5, 'NOT_FOUND', /ghost/);
    });
  });
});
