// UserService over plain REST, as curl would call it: every route of the contract's HTTP rules (the
// external-id bindings included), proto field names out, camelCase accepted in, and the contract's
// error body for every refusal.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRoles, type RoleSet } from './helpers/identity.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { camelKeys, expectRestError, rest, type RestResponse } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('UserService over REST', (engine) => {
  const ctx = useServer(engine);
  let roles: RoleSet;
  let orgId: string;
  const call = (method: string, path: string, json?: unknown): Promise<RestResponse> =>
    rest(ctx.server, method, path, { token: ctx.token, json });
  const ok = async (method: string, path: string, json?: unknown) => {
    const res = await call(method, path, json);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // custom_attributes keys are the caller's own, like metadata keys.
    expect(camelKeys(res.body).filter((path) => !path.includes('.custom_attributes.'))).toEqual([]);
    return res.body;
  };
  const newUser = async (extra: Record<string, unknown> = {}) =>
    (
      await ok('POST', `/api/v1/organizations/${orgId}/users`, {
        email: `r.${unique()}@example.com`,
        ...extra,
      })
    ).user;
  beforeAll(async () => {
    roles = await createRoles(officialClient(ctx.server));
    orgId = (await call('POST', '/api/v1/organizations', { display_name: 'Rest Users' })).body.organization
      .id;
  });

  describe('users', () => {
    it('creates with proto names in and out, and reads by id and external id', async () => {
      const externalId = `rest-${unique()}`;
      const user = await newUser({
        external_id: externalId,
        user_profile: { given_name: 'Rita', family_name: 'Rest', custom_attributes: { Some_Key: 'x' } },
        metadata: { camelCase: 'kept', snake_case: 'kept' },
        membership: { roles: [{ name: roles.viewer }], metadata: { seat: '1' } },
      });
      expect(user).toMatchObject({
        external_id: externalId,
        metadata: { camelCase: 'kept', snake_case: 'kept' },
        user_profile: { given_name: 'Rita', family_name: 'Rest', custom_attributes: { Some_Key: 'x' } },
        memberships: [
          {
            organization_id: orgId,
            membership_status: 'ACTIVE',
            metadata: { seat: '1' },
            roles: [{ name: roles.viewer, display_name: 'Viewer' }],
            permissions: [roles.read],
          },
        ],
      });
      expect(user.create_time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect((await ok('GET', `/api/v1/users/${user.id}`)).user).toEqual(user);
      expect((await ok('GET', `/api/v1/users:external/${externalId}`)).user).toEqual(user);
    });

    it('accepts camelCase JSON names in the body', async () => {
      const user = await newUser({ externalId: `camel-${unique()}`, userProfile: { givenName: 'Cam' } });
      expect(user.user_profile.given_name).toBe('Cam');
      expect(user.external_id).toMatch(/^camel-/);
    });

    it('invites when ?send_invitation_email=true', async () => {
      const res = await ok('POST', `/api/v1/organizations/${orgId}/users?send_invitation_email=true`, {
        email: `invite.${unique()}@example.com`,
      });
      expect(res.user.memberships[0].membership_status).toBe('PENDING_INVITE');
      expect(res.user.memberships[0].expires_at).toMatch(/^\d{4}-/);
    });

    it('lists and searches, environment-wide and per organization', async () => {
      const tag = unique();
      const user = await newUser({ email: `needle.${tag}@example.com` });
      const page = await ok('GET', '/api/v1/users?page_size=1');
      expect(page.users).toHaveLength(1);
      expect(page.total_size).toBeGreaterThan(1);
      const next = await ok('GET', `/api/v1/users?page_size=1&page_token=${page.next_page_token}`);
      expect(next.users[0].id > page.users[0].id).toBe(true);
      expect(
        (await ok('GET', `/api/v1/users:search?query=NEEDLE.${tag}`)).users.map((u: any) => u.id),
      ).toEqual([user.id]);
      const members = await ok('GET', `/api/v1/organizations/${orgId}/users?page_size=100`);
      expect(members.users.map((u: any) => u.id)).toContain(user.id);
      const found = await ok('GET', `/api/v1/organizations/${orgId}/users:search?query=${tag}`);
      expect(found.users.map((u: any) => u.id)).toEqual([user.id]);
    });

    it('updates by id and by external id', async () => {
      const externalId = `upd-${unique()}`;
      const user = await newUser({ external_id: externalId });
      const byId = await ok('PATCH', `/api/v1/users/${user.id}`, { user_profile: { name: 'Full Name' } });
      expect(byId.user.user_profile.name).toBe('Full Name');
      const byExternal = await ok('PATCH', `/api/v1/users:external/${externalId}`, { metadata: { k: 'v' } });
      expect(byExternal.user).toMatchObject({ metadata: { k: 'v' }, user_profile: { name: 'Full Name' } });
    });

    it('deletes by id and by external id', async () => {
      const a = await newUser();
      expect(await ok('DELETE', `/api/v1/users/${a.id}`)).toEqual({});
      expectRestError(await call('GET', `/api/v1/users/${a.id}`), 404, 5, 'NOT_FOUND', new RegExp(a.id));
      const externalId = `del-${unique()}`;
      const b = await newUser({ external_id: externalId });
      await ok('DELETE', `/api/v1/users:external/${externalId}`);
      expectRestError(await call('GET', `/api/v1/users/${b.id}`), 404, 5, 'NOT_FOUND');
    });

    // GetCurrentUser with a person's token: current-user.test.ts.
    it('refuses the current user to a management client; the support hash is not built', async () => {
      for (const path of ['/api/v1/users:this', '/api/v1/users/me']) {
        expectRestError(await call('GET', path), 403, 7, 'PERMISSION_DENIED', /no current user/);
      }
      expectRestError(await call('GET', '/api/v1/users/support-hash'), 501, 12, 'UNIMPLEMENTED');
    });
  });

  describe('memberships', () => {
    it('creates, updates and deletes by id and by external id', async () => {
      const other = (await call('POST', '/api/v1/organizations', { display_name: 'Other' })).body.organization
        .id;
      const externalId = `mem-${unique()}`;
      const user = await newUser({ external_id: externalId });
      const base = `/api/v1/memberships/organizations/${other}/users`;
      const created = await ok('POST', `${base}/${user.id}`, {
        roles: [{ name: roles.admin }],
        metadata: { department: 'engineering' },
      });
      const membership = () => created.user.memberships.find((m: any) => m.organization_id === other);
      expect(membership()).toMatchObject({
        roles: [{ name: roles.admin }],
        metadata: { department: 'engineering' },
      });
      expectRestError(await call('POST', `${base}/${user.id}`, {}), 409, 6, 'ALREADY_EXISTS');
      const updated = await ok('PATCH', `${base}:external/${externalId}`, {
        roles: [{ name: roles.editor }],
      });
      const after = updated.user.memberships.find((m: any) => m.organization_id === other);
      expect(after.roles.map((r: any) => r.name)).toEqual([roles.editor]);
      expect(after.metadata).toEqual({ department: 'engineering' });
      await ok('DELETE', `${base}:external/${externalId}`);
      await ok('POST', `${base}:external/${externalId}`, {});
      await ok('DELETE', `${base}/${user.id}`);
      expectRestError(await call('DELETE', `${base}/${user.id}`), 404, 5, 'NOT_FOUND');
      const still = await ok('GET', `/api/v1/users/${user.id}`);
      expect(still.user.memberships.map((m: any) => m.organization_id)).toEqual([orgId]);
    });

    it('resends an invitation', async () => {
      const res = await ok('POST', `/api/v1/organizations/${orgId}/users?send_invitation_email=true`, {
        email: `resend.${unique()}@example.com`,
      });
      const path = `/api/v1/invites/organizations/${orgId}/users/${res.user.id}/resend`;
      const resent = await ok('PATCH', path, {});
      expect(resent.invite).toMatchObject({ organization_id: orgId, user_id: res.user.id, resent_count: 1 });
      const active = await newUser();
      const refused = await call(
        'PATCH',
        `/api/v1/invites/organizations/${orgId}/users/${active.id}/resend`,
        {},
      );
      expectRestError(refused, 400, 9, 'FAILED_PRECONDITION', /already an active member/);
    });

    it('lists, assigns and removes roles; lists effective permissions', async () => {
      const user = await newUser();
      const base = `/api/v1/organizations/${orgId}/users/${user.id}`;
      expect(await ok('GET', `${base}/roles`)).toEqual({ roles: [] });
      const assigned = await ok('POST', `${base}/roles`, [
        { role_name: roles.editor },
        { roleName: roles.admin },
      ]);
      expect(assigned.roles.map((r: any) => r.name).sort()).toEqual([roles.admin, roles.editor].sort());
      const permissions = await ok('GET', `${base}/permissions`);
      expect(permissions.permissions.map((p: any) => p.name).sort()).toEqual(
        [roles.manage, roles.read, roles.write].sort(),
      );
      expect(permissions.permissions[0]).toEqual({
        id: expect.stringMatching(/^perm_/),
        name: expect.any(String),
        description: expect.any(String),
        tags: [],
      });
      expect(await ok('DELETE', `${base}/roles/${roles.admin}`)).toEqual({});
      expectRestError(await call('DELETE', `${base}/roles/${roles.admin}`), 404, 5, 'NOT_FOUND');
      expectRestError(await call('DELETE', `${base}/roles/no_such_role`), 400, 3, 'INVALID_ARGUMENT');
      expectRestError(
        await call('POST', `${base}/roles`, [{ role_name: 'nope' }]),
        400,
        3,
        'INVALID_ARGUMENT',
      );
    });
  });

  describe('refusals', () => {
    it('answers unknown ids with 404 and bad input with 400, naming the field', async () => {
      expectRestError(await call('GET', '/api/v1/users/usr_missing'), 404, 5, 'NOT_FOUND');
      expectRestError(await call('GET', '/api/v1/organizations/org_missing/users'), 404, 5, 'NOT_FOUND');
      expectRestError(
        await call('POST', `/api/v1/organizations/${orgId}/users`, { email: 'bad@@example.com' }),
        400,
        3,
        'INVALID_ARGUMENT',
        /email/,
      );
      expectRestError(
        await call('POST', `/api/v1/organizations/${orgId}/users`, { email: 'x@example.com', nickname: 'x' }),
        400,
        3,
        'INVALID_ARGUMENT',
      );
      expectRestError(
        await call('GET', '/api/v1/users?page_size=101'),
        400,
        3,
        'INVALID_ARGUMENT',
        /page_size/,
      );
      expectRestError(
        await call('GET', '/api/v1/users?page_token=forged'),
        400,
        3,
        'INVALID_ARGUMENT',
        /page_token/,
      );
      expectRestError(
        await call('GET', '/api/v1/users:search?query=ab'),
        400,
        3,
        'INVALID_ARGUMENT',
        /query/,
      );
    });

    it('refuses every route without a token', async () => {
      const res = await rest(ctx.server, 'GET', '/api/v1/users');
      expectRestError(res, 401, 16, 'UNAUTHENTICATED');
    });
  });
});
