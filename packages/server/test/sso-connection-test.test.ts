// Testing a connection before enabling it, end to end over HTTP: startConnectionTest (what the admin
// portal calls) sends the browser to the IdP like a sign-in; the answer at the ACS or the OIDC
// callback is recorded and shown, and read back with GetConnectionTestResult over REST, gRPC and our
// SDK. A test never signs anyone in. Then what must be refused: incomplete connections, other
// connections' and expired ids, replays, and a test's RelayState pasted on a sign-in's answer.
import { createClient } from '@connectrpc/connect';
import {
  ConnectionService,
  TestResultStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { Scalekit } from '@scalekit-sdk/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Gatehouse } from '../../sdk/src/index.ts';
import { ApiError } from '../src/contract/api-error.ts';
import { startConnectionTest } from '../src/sso/connection-test/test-start.ts';
import { createSamlAuthnRequest } from '../src/sso/saml/saml-request.ts';
import { samlConnectionConfig } from '../src/sso/saml-connection-config.ts';
import { CALLBACK, registerCallbacks } from './helpers/app-login.ts';
import { authorizedTransport, expectConnectError } from './helpers/grpc.ts';
import { hiddenField, openForm, postForm, simulatorConnection } from './helpers/idp-simulator.ts';
import { Browserish } from './helpers/login.ts';
import { walkToCallback, type IdpAccount } from './helpers/oidc-idp.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { idpAnswer, postToAcs, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';
import { oidcOrganization, type OidcOrganization } from './helpers/sso-oidc-login.ts';

describeEachEngine('Connection tests', (engine) => {
  const handle = useServer(engine);
  const ctx = () => handle.server.running.ctx;
  let acme: SsoOrganization;
  const oidcOrgs: OidcOrganization[] = [];

  beforeAll(async () => {
    acme = await ssoOrganization(handle.server, handle.token);
  });
  afterAll(async () => {
    await Promise.all(oidcOrgs.map((o) => o.idp.close()));
  });

  const result = (connectionId: string, testId: string) =>
    rest(handle.server, 'GET', `/api/v1/connections/${connectionId}/test-requests/${testId}`, {
      token: handle.token,
    });

  const apiError = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error instanceof ApiError ? error.errorCode : error),
    );

  /** Rows that would show that someone was signed in or provisioned. */
  async function signInTraces(email: string) {
    const db = ctx().db;
    const users = await db.selectFrom('users').select('id').where('email', '=', email).execute();
    const logins = await db.selectFrom('events').select('id').where('type', '=', 'user.login').execute();
    const handoffs = await db.selectFrom('sso_results').select('token_hash').execute();
    return { users: users.length, logins: logins.length, handoffs: handoffs.length };
  }

  async function disable(org: { organizationId: string; connectionId: string }) {
    const res = await rest(
      handle.server,
      'PATCH',
      `/api/v1/organizations/${org.organizationId}/connections/${org.connectionId}:disable`,
      { token: handle.token },
    );
    expect(res.body).toEqual({ enabled: false });
  }

  it('records SUCCESS with what the samlify IdP sent, mapped, and signs nobody in', async () => {
    const email = `ada-${unique()}@${acme.domain}`;
    const before = await signInTraces(email);
    const started = await startConnectionTest(ctx(), acme.connectionId);
    expect(started.testRequestId).toMatch(/^ctr_[0-9a-z]{26}$/);
    const pending = await result(acme.connectionId, started.testRequestId);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ status: 'PENDING' });

    const form = await idpAnswer(acme, new URL(started.redirectUrl), {
      nameId: email,
      attributes: {
        email: [email],
        firstName: ['Ada'],
        lastName: ['Lovelace'],
        groups: ['engineering', 'admins'],
        department: ['R&D'],
      },
    });
    expect(form.RelayState).toBe(started.testRequestId);
    const browser = new Browserish(handle.server.url);
    const page = await postToAcs(browser, acme.sp.acsUrl, form);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.getSetCookie()).toEqual([]);
    const html = await page.text();
    expect(html).toContain('Connection test succeeded');
    expect(html).toContain(email);
    expect(html).toContain('R&amp;D');

    const done = await result(acme.connectionId, started.testRequestId);
    expect(done.body.status).toBe('SUCCESS');
    expect(done.body.error).toBeUndefined();
    expect(JSON.parse(done.body.user_info)).toEqual({
      email,
      given_name: 'Ada',
      family_name: 'Lovelace',
      groups: ['engineering', 'admins'],
      name_id: email,
      name_id_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      issuer: acme.idp.entityId,
      attributes: {
        email: [email],
        firstName: ['Ada'],
        lastName: ['Lovelace'],
        groups: ['engineering', 'admins'],
        department: ['R&D'],
      },
    });
    // No account, no user.login, nothing handed to a sign-in.
    expect(await signInTraces(email)).toEqual(before);

    // The same response posted again: refused, and the result given stands.
    const replayed = await postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, form);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('(replayed)');
    const still = await result(acme.connectionId, started.testRequestId);
    expect(still.body).toEqual(done.body);
    expect(await signInTraces(email)).toEqual(before);
  });

  it('records one of two concurrent posts of the same answer, and refuses the other', async () => {
    const email = `twice-${unique()}@${acme.domain}`;
    const started = await startConnectionTest(ctx(), acme.connectionId);
    const form = await idpAnswer(acme, new URL(started.redirectUrl), {
      nameId: email,
      attributes: { email: [email] },
    });
    const answers = await Promise.all(
      [1, 2].map(() => postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, form)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    const done = await result(acme.connectionId, started.testRequestId);
    expect(done.body.status).toBe('SUCCESS');
    expect(JSON.parse(done.body.user_info).email).toBe(email);
  });

  it('records FAILURE with the reason for an answer a sign-in would refuse (wrong audience)', async () => {
    const started = await startConnectionTest(ctx(), acme.connectionId);
    const form = await idpAnswer(acme, new URL(started.redirectUrl), {
      nameId: `eve-${unique()}@${acme.domain}`,
      values: { Audience: 'https://someone-else.example.com/saml' },
    });
    const page = await postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, form);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('Connection test failed');
    expect(html).toContain('Audience is not this connection&#39;s SP entity id');
    const done = await result(acme.connectionId, started.testRequestId);
    expect(done.body).toMatchObject({ status: 'FAILURE', error: 'wrong_audience' });
    expect(done.body.error_description).toMatch(/Audience/);
    expect(done.body.user_info).toBeUndefined();
  });

  it('records FAILURE (missing_email) with the attributes received when the mapping finds no email', async () => {
    const started = await startConnectionTest(ctx(), acme.connectionId);
    const form = await idpAnswer(acme, new URL(started.redirectUrl), {
      nameId: 'opaque-subject-42',
      attributes: { mail: [`kay-${unique()}@${acme.domain}`] },
    });
    const page = await postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, form);
    expect(page.status).toBe(400);
    const done = await result(acme.connectionId, started.testRequestId);
    expect(done.body).toMatchObject({ status: 'FAILURE', error: 'missing_email' });
    const details = JSON.parse(done.body.error_details);
    expect(details.name_id).toBe('opaque-subject-42');
    expect(Object.keys(details.attributes)).toEqual(['mail']);
    expect(details.attribute_mapping.email).toBe('email');
  });

  it('does not record a sign-in answer whose RelayState was changed to name a test', async () => {
    const config = samlConnectionConfig(
      (await ctx()
        .db.selectFrom('connections')
        .selectAll()
        .where('id', '=', acme.connectionId)
        .executeTakeFirst())!,
      ctx().config.publicUrl,
    )!;
    const signIn = await createSamlAuthnRequest(ctx().db, config, 'some-interaction-uid');
    const test = await startConnectionTest(ctx(), acme.connectionId);
    const form = await idpAnswer(acme, new URL(signIn.redirectUrl), { nameId: `mallory@${acme.domain}` });
    const refused = await postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, {
      ...form,
      RelayState: test.testRequestId,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('unknown_in_response_to');
    expect((await result(acme.connectionId, test.testRequestId)).body).toEqual({ status: 'PENDING' });
  });

  it('tests a disabled but complete connection while sign-in through it is still refused', async () => {
    const dormant = await ssoOrganization(handle.server, handle.token);
    await disable(dormant);
    const scalekit = new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    await registerCallbacks(handle.server, handle.token);
    // Sign-in: not routed to the IdP (the ordinary sign-in page instead)…
    const browser = new Browserish(handle.server.url);
    const url = scalekit.getAuthorizationUrl(CALLBACK, { connectionId: dormant.connectionId, state: 's' });
    const routed = await browser.follow(await browser.get(url));
    expect(routed.external).toBeUndefined();
    // …and a sign-in request's answer (started while it was enabled) is refused at the ACS.
    const row = await ctx()
      .db.selectFrom('connections')
      .selectAll()
      .where('id', '=', dormant.connectionId)
      .executeTakeFirstOrThrow();
    const signIn = await createSamlAuthnRequest(
      ctx().db,
      samlConnectionConfig(row, ctx().config.publicUrl)!,
      'an-interaction',
    );
    const email = `dora-${unique()}@${dormant.domain}`;
    const refused = await postToAcs(
      new Browserish(handle.server.url),
      dormant.sp.acsUrl,
      await idpAnswer(dormant, new URL(signIn.redirectUrl), { nameId: email }),
    );
    expect(refused.status).toBe(404);

    // The test goes through.
    const started = await startConnectionTest(ctx(), dormant.connectionId);
    const form = await idpAnswer(dormant, new URL(started.redirectUrl), {
      nameId: email,
      attributes: { email: [email] },
    });
    const page = await postToAcs(new Browserish(handle.server.url), dormant.sp.acsUrl, form);
    expect(page.status).toBe(200);
    expect((await result(dormant.connectionId, started.testRequestId)).body.status).toBe('SUCCESS');
    const users = await ctx().db.selectFrom('users').select('id').where('email', '=', email).execute();
    expect(users).toHaveLength(0);
  });

  it('tests an IDP_SIMULATOR connection (disabled, environment level) through the simulator', async () => {
    const sim = await simulatorConnection(handle.server, handle.token);
    const started = await startConnectionTest(ctx(), sim.id);
    const form = await openForm(started.redirectUrl);
    expect(form.status).toBe(200);
    const query = new URL(started.redirectUrl).searchParams;
    const email = `sim-${unique()}@example.com`;
    const posted = await postForm(
      handle.server,
      {
        csrf: form.csrf!,
        SAMLRequest: query.get('SAMLRequest')!,
        RelayState: query.get('RelayState') ?? '',
        email,
        first_name: 'Sam',
        last_name: 'Ulator',
        groups: 'qa, dev',
        outcome: 'success',
      },
      form.cookie,
    );
    const autoPost = await posted.text();
    const page = await postToAcs(new Browserish(handle.server.url), sim.config.acsUrl, {
      SAMLResponse: hiddenField(autoPost, 'SAMLResponse')!,
      RelayState: hiddenField(autoPost, 'RelayState')!,
    });
    expect(page.status).toBe(200);
    const done = await result(sim.id, started.testRequestId);
    expect(done.body.status).toBe('SUCCESS');
    expect(JSON.parse(done.body.user_info)).toMatchObject({
      email,
      given_name: 'Sam',
      family_name: 'Ulator',
      groups: ['qa', 'dev'],
    });
    // With the simulator switched off (GATEHOUSE_IDP_SIMULATOR=off), its connections cannot be tested.
    const config = ctx().config as { idpSimulator: boolean };
    config.idpSimulator = false;
    try {
      expect(await apiError(startConnectionTest(ctx(), sim.id))).toBe('FAILED_PRECONDITION');
    } finally {
      config.idpSimulator = true;
    }
  });

  it('tests an OIDC connection (disabled) against the OpenID provider, and records its refusal', async () => {
    const org = await oidcOrganization(handle.server, handle.token);
    oidcOrgs.push(org);
    await disable(org);
    const email = `oli-${unique()}@${org.domain}`;
    const person: IdpAccount = {
      sub: `idp-${unique()}`,
      claims: { email, email_verified: true, given_name: 'Oli', family_name: 'Dee', groups: ['ops'] },
    };
    const started = await startConnectionTest(ctx(), org.connectionId);
    expect(started.redirectUrl.startsWith(`${org.idp.issuer}/auth?`)).toBe(true);
    org.idp.next = { account: person };
    const callback = await walkToCallback(started.redirectUrl, org.redirectUri);
    // The admin's browser carries no binding cookie: the portal that started the test set none.
    const page = await fetch(callback, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connection test succeeded');
    const done = await result(org.connectionId, started.testRequestId);
    expect(done.body.status).toBe('SUCCESS');
    const info = JSON.parse(done.body.user_info);
    expect(info).toMatchObject({
      email,
      given_name: 'Oli',
      family_name: 'Dee',
      sub: person.sub,
      issuer: org.idp.issuer,
    });
    expect(info.attributes.email).toEqual([email]);
    expect(info.attributes.nonce).toBeUndefined();
    expect(
      (await ctx().db.selectFrom('users').select('id').where('email', '=', email).execute()).length,
    ).toBe(0);
    // The callback replayed: refused, the result stands.
    const replayed = await fetch(callback, { redirect: 'manual' });
    expect(replayed.status).toBe(404);
    expect((await result(org.connectionId, started.testRequestId)).body).toEqual(done.body);

    const second = await startConnectionTest(ctx(), org.connectionId);
    org.idp.next = { error: 'access_denied' };
    const denied = await fetch(await walkToCallback(second.redirectUrl, org.redirectUri), {
      redirect: 'manual',
    });
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain('Connection test failed');
    expect((await result(org.connectionId, second.testRequestId)).body).toMatchObject({
      status: 'FAILURE',
      error: 'idp_error',
      error_details: JSON.stringify({ idp_error: 'access_denied' }),
    });
  });

  it('refuses to start a test of an incomplete or unknown connection, and stores nothing', async () => {
    const count = async () => (await ctx().db.selectFrom('connection_tests').select('id').execute()).length;
    const before = await count();
    for (const type of ['SAML', 'OIDC']) {
      const made = await rest(
        handle.server,
        'POST',
        `/api/v1/organizations/${acme.organizationId}/connections`,
        {
          token: handle.token,
          json: { provider: 'OKTA', type },
        },
      );
      expect(made.body.connection.status).toBe('DRAFT');
      expect(await apiError(startConnectionTest(ctx(), made.body.connection.id))).toBe('FAILED_PRECONDITION');
    }
    expect(await apiError(startConnectionTest(ctx(), 'conn_00000000000000000000000000'))).toBe('NOT_FOUND');
    expect(await count()).toBe(before);
  });

  it('answers NOT_FOUND for an unknown, expired or other connection’s test, over REST and gRPC', async () => {
    const other = await ssoOrganization(handle.server, handle.token);
    const test = await startConnectionTest(ctx(), acme.connectionId);
    const client = createClient(
      ConnectionService,
      authorizedTransport(handle.server.url, `Bearer ${handle.token}`),
    );
    const read = await client.getConnectionTestResult({
      connectionId: acme.connectionId,
      testRequestId: test.testRequestId,
    });
    expect(read.status).toBe(TestResultStatus.PENDING);

    expect((await result(acme.connectionId, 'ctr_00000000000000000000000000')).status).toBe(404);
    expect((await result(other.connectionId, test.testRequestId)).status).toBe(404);
    await expectConnectError(
      client.getConnectionTestResult({ connectionId: other.connectionId, testRequestId: test.testRequestId }),
      5,
      'NOT_FOUND',
    );
    await ctx()
      .db.updateTable('connection_tests')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', test.testRequestId)
      .execute();
    const expired = await result(acme.connectionId, test.testRequestId);
    expect(expired.status).toBe(404);
    expect(expired.body.details[0].error_code).toBe('NOT_FOUND');
  });

  it('reads a result through our SDK', async () => {
    const sdk = new Gatehouse(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    const started = await startConnectionTest(ctx(), acme.connectionId);
    expect(await sdk.connection.getConnectionTestResult(acme.connectionId, started.testRequestId)).toEqual({
      status: 'PENDING',
    });
    const email = `sdk-${unique()}@${acme.domain}`;
    const form = await idpAnswer(acme, new URL(started.redirectUrl), {
      nameId: email,
      attributes: { email: [email] },
    });
    await postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, form);
    const done = await sdk.connection.getConnectionTestResult(acme.connectionId, started.testRequestId);
    expect(done.status).toBe('SUCCESS');
    expect(JSON.parse(done.userInfo!).email).toBe(email);
    const missing = await sdk.connection
      .getConnectionTestResult(acme.connectionId, 'ctr_00000000000000000000000000')
      .catch((error: unknown) => error);
    expect((missing as { errorCode: string }).errorCode).toBe('NOT_FOUND');
  });
});
