// IdP groups mapped to roles through a connection's attribute_mapping (`groups` + `role:<name>`):
// at each SAML login the member's roles in the connection's organization become the mapped ones
// (the tokens carry them), the default role when no group matches, with one membership_updated
// event per real change. Refused: mappings to roles that do not exist for the organization, and any
// effect on another organization's membership or through a connection without mappings.
import { Scalekit } from '@scalekit-sdk/node';
import { beforeAll, expect, it } from 'vitest';
import { CALLBACK, person, registerCallbacks } from './helpers/app-login.ts';
import { Browserish } from './helpers/login.ts';
import { newPermissions } from './helpers/roles.ts';
import { expectRestError, rest, restCaller } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { idpAnswer, postToAcs, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';

describeEachEngine('IdP groups mapped to roles', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  const { call, ok } = restCaller(handle);
  let scalekit: Scalekit;
  let acme: SsoOrganization;
  let acmePath: string;
  let deploy: string;

  const MAPPING = {
    email: 'email',
    given_name: 'firstName',
    family_name: 'lastName',
    groups: 'groups',
    'role:engineer': 'Engineering, Platform',
    'role:admin': 'IT Admins',
  };

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    scalekit = new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    acme = await ssoOrganization(handle.server, handle.token);
    acmePath = `/api/v1/organizations/${acme.organizationId}/connections/${acme.connectionId}`;
    deploy = `deploy.prod_${unique()}`;
    await newPermissions(handle.server, handle.token, [deploy]);
    await ok('POST', `/api/v1/organizations/${acme.organizationId}/roles`, {
      name: 'engineer',
      display_name: 'Engineer',
      permissions: [deploy],
    });
    const updated = await ok('PATCH', acmePath, { attribute_mapping: MAPPING });
    expect(updated.connection.attribute_mapping).toEqual(MAPPING);
  });

  /** A full SAML login through `org` asserting `groups`; returns the access token's claims. */
  async function login(org: SsoOrganization, email: string, groups?: string[]) {
    const browser = new Browserish(handle.server.url);
    const url = scalekit.getAuthorizationUrl(CALLBACK, {
      scopes: ['openid', 'email'],
      state: 's1',
      organizationId: org.organizationId,
    });
    const { external: idpUrl } = await browser.follow(await browser.get(url));
    const attributes: Record<string, string[]> = { email: [email], ...(groups && { groups }) };
    const form = await idpAnswer(org, idpUrl as URL, { nameId: email, attributes });
    const { external } = await browser.follow(await postToAcs(browser, org.sp.acsUrl, form));
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    const result = await scalekit.authenticateWithCode(external?.searchParams.get('code') ?? '', CALLBACK);
    const claims = await scalekit.validateToken<Record<string, unknown>>(result.accessToken);
    return { userId: result.user.id, roles: claims.roles, permissions: claims.permissions as string[] };
  }

  const membershipEvents = async (type: string, userId: string, organizationId: string) =>
    (
      await handle.server.running.ctx.db
        .selectFrom('events')
        .select('data')
        .where('type', '=', type)
        .execute()
    )
      .map((r) => JSON.parse(r.data))
      .filter((d) => d.user?.id === userId && d.membership?.organization_id === organizationId);

  const rolesIn = async (organizationId: string, userId: string) =>
    (await ok('GET', `/api/v1/organizations/${organizationId}/users/${userId}/roles`)).roles
      .map((r: { name: string }) => r.name)
      .sort();

  it('gives a JIT member the roles its groups map to, and the tokens carry them', async () => {
    const email = `eng-${unique()}@${acme.domain}`;
    const first = await login(acme, email, ['Engineering', 'Unrelated']);
    expect(first.roles).toEqual(['engineer']);
    expect(first.permissions).toContain(deploy);
    const created = await membershipEvents(
      'organization.membership_created',
      first.userId,
      acme.organizationId,
    );
    expect(created).toHaveLength(1);
    expect(created[0].membership.roles.map((r: { name: string }) => r.name)).toEqual(['engineer']);
    expect(
      await membershipEvents('organization.membership_updated', first.userId, acme.organizationId),
    ).toEqual([]);
  });

  it('replaces the roles at each login, falls back to the default role, and tells only of real changes', async () => {
    const email = `ops-${unique()}@${acme.domain}`;
    const updates = async (userId: string) =>
      (await membershipEvents('organization.membership_updated', userId, acme.organizationId)).length;
    const first = await login(acme, email, ['Platform']);
    expect(first.roles).toEqual(['engineer']);
    const second = await login(acme, email, ['IT Admins', 'Platform']);
    expect(second.roles).toEqual(['admin', 'engineer']);
    expect(await updates(first.userId)).toBe(1);
    const same = await login(acme, email, ['Platform', 'IT Admins']);
    expect(same.roles).toEqual(['admin', 'engineer']);
    expect(await updates(first.userId)).toBe(1);
    const unmatched = await login(acme, email, ['Sales']);
    expect(unmatched.roles).toEqual(['member']);
    expect(unmatched.permissions).not.toContain(deploy);
    expect(await updates(first.userId)).toBe(2);
    // No groups attribute at all: no group matches either.
    const none = await login(acme, email);
    expect(none.roles).toEqual(['member']);
    expect(await updates(first.userId)).toBe(2);
    // Group names match exactly: another case is another group.
    expect((await login(acme, email, ['it admins'])).roles).toEqual(['member']);
  });

  it('refuses mappings to roles the organization does not have, or malformed ones, and changes nothing', async () => {
    const before = (await ok('GET', acmePath)).connection;
    const other = (await ok('POST', '/api/v1/organizations', { display_name: `Other ${unique()}` }))
      .organization;
    await ok('POST', `/api/v1/organizations/${other.id}/roles`, {
      name: 'other_only',
      display_name: 'Other',
    });
    const attempts: [Record<string, string>, RegExp][] = [
      [{ ...MAPPING, 'role:no_such_role': 'Everyone' }, /no_such_role.*does not exist/],
      // Another organization's role is as unknown here as one that does not exist anywhere.
      [{ ...MAPPING, 'role:other_only': 'Everyone' }, /other_only.*does not exist/],
      [{ ...MAPPING, 'role:bad-name': 'Everyone' }, /does not name a role/],
      [{ ...MAPPING, 'role:engineer': ' , ' }, /lists no group/],
      [{ email: 'email', 'role:engineer': 'Engineering' }, /no "groups" entry/],
    ];
    for (const [mapping, message] of attempts) {
      const refused = await call('PATCH', acmePath, { attribute_mapping: mapping });
      expectRestError(refused, 400, 3, 'INVALID_ARGUMENT', message);
    }
    const after = (await ok('GET', acmePath)).connection;
    expect(after.attribute_mapping).toEqual(before.attribute_mapping);
    expect(after.update_time).toEqual(before.update_time);
  });

  it("lets an environment connection map only the environment's roles", async () => {
    const env = (await ok('POST', '/api/v1/connections', { provider: 'OKTA', type: 'SAML' })).connection;
    const path = `/api/v1/connections/${env.id}`;
    // `engineer` is a role of one organization only.
    const refused = await call('PATCH', path, {
      attribute_mapping: { groups: 'groups', 'role:engineer': 'Engineering' },
    });
    expectRestError(refused, 400, 3, 'INVALID_ARGUMENT', /engineer.*does not exist in the environment/);
    const mapping = { groups: 'groups', 'role:admin': 'IT Admins' };
    expect((await ok('PATCH', path, { attribute_mapping: mapping })).connection.attribute_mapping).toEqual(
      mapping,
    );
  });

  it("never changes a membership in another organization through org A's connection", async () => {
    const email = `both-${unique()}@${acme.domain}`;
    // A member of another organization (B) with `member`, signing in to A through A's IdP.
    const pat = await person(handle.server, handle.token, { roles: ['member'], email });
    const orgB = pat.organizationIds[0]!;
    const inA = await login(acme, email, ['IT Admins']);
    expect(inA.userId).toBe(pat.userId);
    expect(inA.roles).toEqual(['admin']);
    expect(await rolesIn(orgB, pat.userId)).toEqual(['member']);
    expect(await membershipEvents('organization.membership_updated', pat.userId, orgB)).toEqual([]);
  });

  it('leaves roles alone at a connection without role mappings', async () => {
    const plain = await ssoOrganization(handle.server, handle.token);
    const email = `keep-${unique()}@${plain.domain}`;
    const made = await rest(handle.server, 'POST', `/api/v1/organizations/${plain.organizationId}/users`, {
      token: handle.token,
      json: { email, membership: { roles: [{ name: 'admin' }] } },
    });
    expect(made.status).toBe(200);
    const signedIn = await login(plain, email, ['Sales', 'Engineering']);
    expect(signedIn.roles).toEqual(['admin']);
    expect(
      await membershipEvents('organization.membership_updated', signedIn.userId, plain.organizationId),
    ).toEqual([]);
  });
});
