// IdP-initiated SAML login over plain HTTP: an unsolicited response from the samlify IdP, on a
// connection whose default_redirect_uri is set, is validated in full and handed to the application
// as a short-lived token; the official SDK's getIdpInitiatedLoginClaims accepts it, and the
// SP-initiated login the application starts from the claims signs the person in. Then every
// refusal: switched off, replayed, wrong audience, expired, carrying an InResponseTo, a redirect URI
// no application registered, a token from another key or past its expiry.
import { userEvents } from './helpers/identity.ts';
import { Scalekit, ScalekitValidateTokenFailureException } from '@scalekit-sdk/node';
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { mintIdpInitiatedToken } from '../src/sso/idp-initiated-token.ts';
import { CALLBACK, registerCallbacks } from './helpers/app-login.ts';
import { hiddenField, openForm } from './helpers/idp-simulator.ts';
import { Browserish } from './helpers/login.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { idpAnswer, postToAcs, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';

/** The application's IdP-initiated entry point, with a query of its own that must be kept. */
const INITIATE = 'http://localhost:4010/sso/initiate?tenant=acme';
const START = 'https://app.example.test/start';

describeEachEngine('IdP-initiated SAML login', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let scalekit: Scalekit;
  let acme: SsoOrganization;
  const publicUrl = () => handle.server.running.ctx.config.publicUrl;
  const db = () => handle.server.running.ctx.db;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token, [INITIATE]);
    scalekit = new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    acme = await ssoOrganization(handle.server, handle.token);
    const allowed = await setRedirect(acme, INITIATE);
    expect(allowed.status).toBe(200);
  });

  const setRedirect = (org: SsoOrganization, uri: string) =>
    rest(
      handle.server,
      'PATCH',
      `/api/v1/organizations/${org.organizationId}/connections/${org.connectionId}`,
      {
        token: handle.token,
        json: { saml_config: { default_redirect_uri: uri } },
      },
    );

  const unsolicited = (org: SsoOrganization, email: string, values?: Record<string, string>) =>
    org.idp.respond(org.sp, { nameId: email, inResponseTo: null, attributes: { email: [email] }, values });

  const post = (org: SsoOrganization, SAMLResponse: string, RelayState = '') =>
    postToAcs(new Browserish(handle.server.url), org.sp.acsUrl, { SAMLResponse, RelayState });

  async function expectRefused(res: Response, reason: string): Promise<void> {
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(`(${reason})`);
  }

  /** The token the ACS sent the browser away with, checking where it went. */
  function tokenFrom(res: Response, target = INITIATE): string {
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`${target}${target.includes('?') ? '&' : '?'}idp_initiated_login=`)).toBe(
      true,
    );
    return new URL(location).searchParams.get('idp_initiated_login') ?? '';
  }

  const usersWithEmail = (email: string) =>
    db().selectFrom('users').select('id').where('email', '=', email).execute();

  it('turns an unsolicited response into a token the official SDK reads, then signs in SP-initiated', async () => {
    const connection = await rest(
      handle.server,
      'GET',
      `/api/v1/organizations/${acme.organizationId}/connections/${acme.connectionId}`,
      { token: handle.token },
    );
    expect(connection.body.connection.saml_config).toMatchObject({
      default_redirect_uri: INITIATE,
      allow_idp_initiated_login: true,
    });
    const email = `ada-${unique()}@${acme.domain}`;
    const res = await post(acme, await unsolicited(acme, email), 'reports/42?tab=usage');
    const token = tokenFrom(res);
    expect(new URL(res.headers.get('location')!).searchParams.get('tenant')).toBe('acme');
    // No one is signed in, or even created, by the unsolicited assertion itself.
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await usersWithEmail(email)).toHaveLength(0);

    const claims = await scalekit.getIdpInitiatedLoginClaims(token, { issuer: publicUrl() });
    expect(claims).toMatchObject({
      connection_id: acme.connectionId,
      organization_id: acme.organizationId,
      login_hint: email,
      relay_state: 'reports/42?tab=usage',
    });
    const header = decodeProtectedHeader(token);
    const jwks = (await (await fetch(`${handle.server.url}/keys`)).json()) as { keys: { kid: string }[] };
    expect(header.alg).toBe('RS256');
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    const payload = decodeJwt(token);
    expect(payload.iss).toBe(publicUrl());
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(typeof payload.jti).toBe('string');
    expect(payload.aud).toBeUndefined();

    // What the application does next, as Scalekit's documentation shows.
    const authorize = scalekit.getAuthorizationUrl(CALLBACK, {
      connectionId: claims.connection_id,
      organizationId: claims.organization_id,
      loginHint: claims.login_hint,
      state: claims.relay_state,
    });
    const browser = new Browserish(handle.server.url);
    const { external: idpUrl } = await browser.follow(await browser.get(authorize));
    expect(idpUrl?.searchParams.get('SAMLRequest')).toBeTruthy();
    const form = await idpAnswer(acme, idpUrl!, { nameId: email, attributes: { email: [email] } });
    const posted = await postToAcs(browser, acme.sp.acsUrl, form);
    expect(posted.status).toBe(303);
    const { external: callback } = await browser.follow(posted);
    expect(`${callback?.origin}${callback?.pathname}`).toBe(CALLBACK);
    expect(callback?.searchParams.get('state')).toBe('reports/42?tab=usage');
    const result = await scalekit.authenticateWithCode(callback?.searchParams.get('code') ?? '', CALLBACK);
    expect(result.user.email).toBe(email);
    const access = await scalekit.validateToken<Record<string, unknown>>(result.accessToken);
    expect(access.oid).toBe(acme.organizationId);
    // One login, by the SP-initiated flow; none for the unsolicited response.
    expect(await userEvents(handle.server, 'user.login', result.user.id)).toHaveLength(1);
  });

  it('sends it to a registered initiate-login URI too, and omits a relay state that is not short printable text', async () => {
    const patched = await rest(handle.server, 'PATCH', `/api/v1/clients/${handle.server.clientId}`, {
      token: handle.token,
      json: { initiate_login_uri: START },
    });
    expect(patched.status).toBe(200);
    const org = await ssoOrganization(handle.server, handle.token);
    expect((await setRedirect(org, START)).status).toBe(200);
    const email = `lin-${unique()}@${org.domain}`;
    for (const relay of ['x'.repeat(1025), 'line\nbreak', '']) {
      const token = tokenFrom(await post(org, await unsolicited(org, email), relay), START);
      const claims = await scalekit.getIdpInitiatedLoginClaims(token);
      expect(claims.relay_state).toBeUndefined();
      expect(claims.login_hint).toBe(email);
    }
    const longest = 'y'.repeat(1024);
    const token = tokenFrom(await post(org, await unsolicited(org, email), longest), START);
    expect((await scalekit.getIdpInitiatedLoginClaims(token)).relay_state).toBe(longest);
  });

  it('never takes the RelayState of an unsolicited response as an interaction', async () => {
    const browser = new Browserish(handle.server.url);
    const authorize = scalekit.getAuthorizationUrl(CALLBACK, { organizationId: acme.organizationId });
    const { external: idpUrl } = await browser.follow(await browser.get(authorize));
    const interactionUid = idpUrl?.searchParams.get('RelayState') ?? '';
    expect(interactionUid).not.toBe('');
    const email = `mallory-${unique()}@${acme.domain}`;
    const res = await postToAcs(browser, acme.sp.acsUrl, {
      SAMLResponse: await unsolicited(acme, email),
      RelayState: interactionUid,
    });
    const token = tokenFrom(res);
    expect(res.headers.get('location')).not.toContain('/interaction/');
    expect((await scalekit.getIdpInitiatedLoginClaims(token)).relay_state).toBe(interactionUid);
    const results = await db()
      .selectFrom('sso_results')
      .select('token_hash')
      .where('interaction_uid', '=', interactionUid)
      .execute();
    expect(results).toHaveLength(0);
  });

  it('refuses an unsolicited response when default_redirect_uri is unset, and after it is set to ""', async () => {
    const org = await ssoOrganization(handle.server, handle.token);
    const email = `eve-${unique()}@${org.domain}`;
    await expectRefused(await post(org, await unsolicited(org, email)), 'idp_initiated_not_allowed');
    expect((await setRedirect(org, INITIATE)).body.connection.saml_config.allow_idp_initiated_login).toBe(
      true,
    );
    tokenFrom(await post(org, await unsolicited(org, email)));
    const off = await setRedirect(org, '');
    expect(off.status).toBe(200);
    expect(off.body.connection.saml_config.allow_idp_initiated_login).toBe(false);
    expect(off.body.connection.saml_config.default_redirect_uri ?? '').toBe('');
    await expectRefused(await post(org, await unsolicited(org, email)), 'idp_initiated_not_allowed');
  });

  it('refuses the same unsolicited response twice', async () => {
    const response = await unsolicited(acme, `replay-${unique()}@${acme.domain}`);
    tokenFrom(await post(acme, response));
    await expectRefused(await post(acme, response), 'replayed');
  });

  it('refuses an unsolicited response for another audience, or expired (an untouched one passes)', async () => {
    const email = `eve-${unique()}@${acme.domain}`;
    const past = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
    await expectRefused(
      await post(acme, await unsolicited(acme, email, { Audience: 'https://other-sp.example.test' })),
      'wrong_audience',
    );
    await expectRefused(
      await post(
        acme,
        await unsolicited(acme, email, {
          IssueInstant: past(900),
          ConditionsNotBefore: past(900),
          ConditionsNotOnOrAfter: past(600),
          SubjectConfirmationDataNotOnOrAfter: past(600),
        }),
      ),
      'expired',
    );
    tokenFrom(await post(acme, await unsolicited(acme, email)));
  });

  it('refuses an unsolicited response that carries an InResponseTo: it must answer a stored request', async () => {
    const email = `eve-${unique()}@${acme.domain}`;
    const forged = await acme.idp.respond(acme.sp, {
      nameId: email,
      inResponseTo: `_${'a'.repeat(40)}`,
      attributes: { email: [email] },
    });
    await expectRefused(await post(acme, forged), 'unknown_in_response_to');
  });

  it('refuses an assertion with no email address, and does not redirect', async () => {
    const nameless = await acme.idp.respond(acme.sp, { nameId: `user-${unique()}`, inResponseTo: null });
    const res = await post(acme, nameless);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('did not send an email address');
  });

  it('refuses a default_redirect_uri no application registered, or not https, and changes nothing', async () => {
    const org = await ssoOrganization(handle.server, handle.token);
    expect((await setRedirect(org, INITIATE)).status).toBe(200);
    const before = await db()
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', org.connectionId)
      .executeTakeFirstOrThrow();
    const eventsBefore = await db().selectFrom('events').select('id').execute();
    for (const uri of [
      'https://evil.example.test/collect',
      'http://localhost:4010/sso/initiate', // the registered one without its query: not an exact match
      'http://app.example.test/start', // plain http off the loopback
      'javascript:alert(1)',
    ]) {
      const res = await setRedirect(org, uri);
      expect(res.status).toBe(400);
      expect(res.body.details[0].error_code).toBe('INVALID_ARGUMENT');
      expect(res.body.message).toContain('default_redirect_uri');
    }
    const after = await db()
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', org.connectionId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(await db().selectFrom('events').select('id').execute()).toHaveLength(eventsBefore.length);
  });

  it('refuses once the application no longer registers the URI', async () => {
    const dropped = 'http://localhost:4010/sso/dropped';
    await registerCallbacks(handle.server, handle.token, [INITIATE, dropped]);
    const org = await ssoOrganization(handle.server, handle.token);
    expect((await setRedirect(org, dropped)).status).toBe(200);
    await registerCallbacks(handle.server, handle.token, [INITIATE]);
    await expectRefused(
      await post(org, await unsolicited(org, `eve-${unique()}@${org.domain}`)),
      'idp_initiated_not_allowed',
    );
  });

  it('hands out a token the official SDK refuses when signed by another key or expired, and the API refuses outright', async () => {
    const claims = {
      connection_id: acme.connectionId,
      organization_id: acme.organizationId,
      login_hint: `eve@${acme.domain}`,
    };
    const { kid } = handle.server.running.ctx.keys.current();
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    for (const signedWith of [kid, 'key_unknown']) {
      const forged = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: signedWith })
        .setIssuer(publicUrl())
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(privateKey);
      await expect(scalekit.getIdpInitiatedLoginClaims(forged)).rejects.toBeInstanceOf(
        ScalekitValidateTokenFailureException,
      );
    }
    const keys = handle.server.running.ctx.keys;
    const expired = await mintIdpInitiatedToken(keys, publicUrl(), claims, now - 301);
    await expect(scalekit.getIdpInitiatedLoginClaims(expired)).rejects.toBeInstanceOf(
      ScalekitValidateTokenFailureException,
    );
    const fresh = await mintIdpInitiatedToken(keys, publicUrl(), claims);
    expect(await scalekit.getIdpInitiatedLoginClaims(fresh)).toMatchObject(claims);
    // Signed by the environment's key, but not an access token: the management API refuses it.
    const api = await rest(handle.server, 'GET', '/api/v1/organizations', { token: fresh });
    expect(api.status).toBe(401);
  });

  it('simulator: posts an unsolicited response for a simulator connection only, behind its CSRF token', async () => {
    const made = await rest(handle.server, 'POST', '/api/v1/connections', {
      token: handle.token,
      json: { provider: 'IDP_SIMULATOR', type: 'SAML' },
    });
    const simulator: string = made.body.connection.id;
    const acsUrl: string = made.body.connection.saml_config.sp_assertion_url;
    const pageOf = (id: string) => `${handle.server.url}/sso/simulator/idp-initiated?connection_id=${id}`;
    expect((await openForm(pageOf(acme.connectionId))).status).toBe(404); // not a simulator connection
    expect((await openForm(pageOf('conn_nope'))).status).toBe(404);
    const form = await openForm(pageOf(simulator));
    expect(form.status).toBe(200);
    expect(form.html).toContain(acsUrl);
    const other = await rest(handle.server, 'POST', '/api/v1/connections', {
      token: handle.token,
      json: { provider: 'IDP_SIMULATOR', type: 'SAML' },
    });
    const submit = (fields: Record<string, string>, cookie = form.cookie) =>
      fetch(`${handle.server.url}/sso/simulator/idp-initiated`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie ?? '' },
        body: new URLSearchParams({
          csrf: form.csrf!,
          email: 'ada@example.com',
          outcome: 'success',
          ...fields,
        }),
        redirect: 'manual',
      });
    // The token is bound to the connection it was shown for, and to this browser's cookie.
    expect((await submit({ connection_id: other.body.connection.id })).status).toBe(403);
    expect((await submit({ connection_id: simulator }, '')).status).toBe(403);
    const tooLong = await submit({ connection_id: simulator, RelayState: 'r'.repeat(81) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('RelayState');
    const posted = await submit({ connection_id: simulator, RelayState: 'home' });
    expect(posted.status).toBe(200);
    const html = await posted.text();
    expect(html).toContain(`action="${acsUrl}"`);
    expect(hiddenField(html, 'RelayState')).toBe('home');
    const xml = Buffer.from(hiddenField(html, 'SAMLResponse')!, 'base64').toString('utf8');
    expect(xml).toContain('Recipient=');
    expect(xml).not.toContain('InResponseTo');
    // From the ACS the browser goes on to the application: its origin is allowed after the POST.
    expect(posted.headers.get('content-security-policy')).toContain('form-action');
    expect(posted.headers.get('content-security-policy')).toContain('http://localhost:4010');
  });
});
