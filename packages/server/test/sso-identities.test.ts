// IdP identities in tokens, with the official SDK: a SAML and an OIDC login through a connection
// give ID tokens (and /userinfo) whose `identities` name the connection and carry the attributes the
// IdP sent; a password login carries none. The identity is stored once per user and connection,
// refreshed at each login, capped in size, and goes with its connection or user.
import { Scalekit } from '@scalekit-sdk/node';
import type { IdTokenClaimIdentity } from '@scalekit-sdk/node/lib/types/auth.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLBACK, person, registerCallbacks } from './helpers/app-login.ts';
import { Browserish, continuePasswordLogin } from './helpers/login.ts';
import { walkToCallback } from './helpers/oidc-idp.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { idpAnswer, postToAcs, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';
import { oidcOrganization, type OidcOrganization } from './helpers/sso-oidc-login.ts';

describeEachEngine('IdP identities in tokens', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let scalekit: Scalekit;
  let acme: SsoOrganization;
  let oidc: OidcOrganization | undefined;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    scalekit = new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    acme = await ssoOrganization(handle.server, handle.token);
  });
  afterAll(async () => {
    await oidc?.idp.close();
  });

  const authorize = (organizationId: string) =>
    scalekit.getAuthorizationUrl(CALLBACK, {
      scopes: ['openid', 'profile', 'email'],
      state: 's1',
      organizationId,
    });

  /** A full SAML login through `org` asserting `attributes`; returns the official SDK's result. */
  async function samlLogin(org: SsoOrganization, nameId: string, attributes: Record<string, string[]>) {
    const browser = new Browserish(handle.server.url);
    const { external: idpUrl } = await browser.follow(await browser.get(authorize(org.organizationId)));
    const form = await idpAnswer(org, idpUrl as URL, { nameId, attributes });
    const { external } = await browser.follow(await postToAcs(browser, org.sp.acsUrl, form));
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    return scalekit.authenticateWithCode(external?.searchParams.get('code') ?? '', CALLBACK);
  }

  // The official SDK copies the `identities` claim into `user.identities` as it is: the claim's
  // objects keep the claim's snake_case names (IdTokenClaimIdentity), whatever its `Identity` type says.
  const identitiesOf = (user: { identities: unknown }) => user.identities as IdTokenClaimIdentity[];

  const identityRows = (userId: string) =>
    handle.server.running.ctx.db
      .selectFrom('user_identities')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();

  it('puts the SAML identity in the ID token and /userinfo, and refreshes the stored one at each login', async () => {
    const email = `ada-${unique()}@${acme.domain}`;
    const first = await samlLogin(acme, email, {
      email: [email],
      firstName: ['Ada'],
      department: ['Analytical Engines'],
    });
    const [identity, ...others] = identitiesOf(first.user);
    expect(others).toEqual([]);
    expect(identity).toEqual({
      connection_id: acme.connectionId,
      organization_id: acme.organizationId,
      connection_type: 'SAML',
      provider_name: 'OKTA',
      social: false,
      provider_raw_attributes: expect.any(String),
    });
    expect(JSON.parse(identity!.provider_raw_attributes)).toEqual({
      email: [email],
      firstName: ['Ada'],
      department: ['Analytical Engines'],
    });
    const idClaims = await scalekit.validateToken<Record<string, unknown>>(first.idToken);
    expect(idClaims.identities).toEqual([identity]);

    const info = await fetch(`${handle.server.url}/userinfo`, {
      headers: { authorization: `Bearer ${first.accessToken}` },
    });
    expect(info.status).toBe(200);
    expect((await info.json()).identities).toEqual([identity]);

    const [stored] = await identityRows(first.user.id);
    expect(stored).toMatchObject({
      connection_id: acme.connectionId,
      organization_id: acme.organizationId,
      subject: email,
      raw_attributes_truncated: 0,
    });

    const second = await samlLogin(acme, email, { email: [email], firstName: ['Augusta'] });
    expect(JSON.parse(identitiesOf(second.user)[0]!.provider_raw_attributes)).toEqual({
      email: [email],
      firstName: ['Augusta'],
    });
    const rows = await identityRows(first.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.first_login_at).toBe(stored!.first_login_at);
    expect(rows[0]!.last_login_at > stored!.last_login_at).toBe(true);
  });

  it('gives a password login an empty identities claim, even for a person with an SSO identity', async () => {
    const bob = await person(handle.server, handle.token, {
      roles: ['member'],
      email: `bob-${unique()}@${acme.domain}`,
    });
    const viaSso = await samlLogin(acme, bob.email, { email: [bob.email] });
    expect(viaSso.user.id).toBe(bob.userId);
    expect(identitiesOf(viaSso.user)).toHaveLength(1);
    const url = scalekit.getAuthorizationUrl(CALLBACK, {
      scopes: ['openid', 'email'],
      state: 's2',
      organizationId: bob.organizationIds[0],
    });
    const { external } = await continuePasswordLogin(
      new Browserish(handle.server.url),
      url,
      bob.email,
      bob.password,
    );
    const result = await scalekit.authenticateWithCode(external?.searchParams.get('code') ?? '', CALLBACK);
    expect(result.user.id).toBe(bob.userId);
    expect(result.user.identities).toEqual([]);
    const info = await fetch(`${handle.server.url}/userinfo`, {
      headers: { authorization: `Bearer ${result.accessToken}` },
    });
    expect((await info.json()).identities).toEqual([]);
  });

  it('keeps at most 16 KB of raw attributes, dropping whole attributes that do not fit', async () => {
    const email = `big-${unique()}@${acme.domain}`;
    const huge = Array.from({ length: 400 }, (_, i) => `group-${i}-${'x'.repeat(40)}`);
    const result = await samlLogin(acme, email, { email: [email], groups: huge, firstName: ['Big'] });
    const raw = identitiesOf(result.user)[0]!.provider_raw_attributes;
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(16 * 1024);
    expect(JSON.parse(raw)).toEqual({ email: [email], firstName: ['Big'] });
    const [stored] = await identityRows(result.user.id);
    expect(stored!.raw_attributes_truncated).toBe(1);
  });

  it('puts the OIDC identity in the ID token, with the IdP subject stored', async () => {
    oidc = await oidcOrganization(handle.server, handle.token);
    const org = oidc;
    const email = `grace-${unique()}@${org.domain}`;
    const sub = `idp-${unique()}`;
    const browser = new Browserish(handle.server.url);
    const interaction = await browser.get(authorize(org.organizationId));
    const { external: idpUrl } = await browser.follow(
      await browser.get(interaction.headers.get('location') ?? ''),
    );
    org.idp.next = {
      account: { sub, claims: { email, email_verified: true, given_name: 'Grace', department: 'Navy' } },
    };
    const callback = new URL(await walkToCallback(idpUrl!.href, org.redirectUri));
    const { external } = await browser.follow(await browser.get(`${callback.pathname}${callback.search}`));
    const result = await scalekit.authenticateWithCode(external?.searchParams.get('code') ?? '', CALLBACK);
    const [identity] = identitiesOf(result.user);
    expect(identity).toMatchObject({
      connection_id: org.connectionId,
      organization_id: org.organizationId,
      connection_type: 'OIDC',
      provider_name: 'OKTA',
      social: false,
    });
    expect(JSON.parse(identity!.provider_raw_attributes)).toMatchObject({
      sub: [sub],
      email: [email],
      given_name: ['Grace'],
    });
    const [stored] = await identityRows(result.user.id);
    expect(stored!.subject).toBe(sub);
  });

  it('removes identities with their connection or their user, and the tokens stop naming them', async () => {
    const other = await ssoOrganization(handle.server, handle.token);
    const email = `gone-${unique()}@${other.domain}`;
    const first = await samlLogin(other, email, { email: [email] });
    expect(await identityRows(first.user.id)).toHaveLength(1);
    const path = `/api/v1/organizations/${other.organizationId}/connections/${other.connectionId}`;
    expect((await rest(handle.server, 'DELETE', path, { token: handle.token })).status).toBe(200);
    expect(await identityRows(first.user.id)).toEqual([]);
    // The refresh of the session's tokens no longer names a connection that is gone.
    const info = await fetch(`${handle.server.url}/userinfo`, {
      headers: { authorization: `Bearer ${first.accessToken}` },
    });
    expect((await info.json()).identities).toEqual([]);

    const email2 = `left-${unique()}@${acme.domain}`;
    const second = await samlLogin(acme, email2, { email: [email2] });
    expect(await identityRows(second.user.id)).toHaveLength(1);
    const deleted = await rest(handle.server, 'DELETE', `/api/v1/users/${second.user.id}`, {
      token: handle.token,
    });
    expect(deleted.status).toBe(200);
    expect(await identityRows(second.user.id)).toEqual([]);
  });
});
