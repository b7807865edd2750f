// SSO enforced in AuthService, the hosted login page's API, as on the pages: discovery answers an
// SSO email with its connection (and the sign-in then goes to the IdP), and no passwordless step
// sends a mail, checks a code or creates an account for it. Each refusal sits next to the untouched
// case: an ordinary address, or the same one while its organization's SSO is off.
import { beforeAll, expect, it } from 'vitest';
import { CALLBACK, person, registerCallbacks } from './helpers/app-login.ts';
import { codeIn, latestMail } from './helpers/credentials.ts';
import { mailTo } from './helpers/identity.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { AUTH, authCall, postTo, startSignIn } from './helpers/sign-in-api.ts';
import { idpAnswer, postToAcs, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';

describeEachEngine('SSO enforced in the sign-in API', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let acme: SsoOrganization;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    acme = await ssoOrganization(handle.server, handle.token);
  });

  const setSso = async (org: SsoOrganization, enabled: boolean) => {
    const res = await rest(handle.server, 'PATCH', `/api/v1/organizations/${org.organizationId}/settings`, {
      token: handle.token,
      json: { features: [{ name: 'sso', enabled }] },
    });
    expect(res.status).toBe(200);
  };

  const userCount = async (email: string) =>
    (await handle.server.running.ctx.db.selectFrom('users').select('id').where('email', '=', email).execute())
      .length;

  it('answers an SSO email with its connection, and the sign-in page sends the browser to the IdP', async () => {
    const email = `ada-${unique()}@${acme.domain}`;
    const { browser, uid } = await startSignIn(handle.server);
    const found = await authCall(handle.server, browser, 'POST', AUTH.discovery, { email });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toEqual({
      auth_method: {
        connection_id: acme.connectionId,
        connection_type: 'SAML',
        provider: 'OKTA',
        auth_initiation_uri: `${handle.server.url}/interaction/${uid}`,
      },
    });
    // The page's script continues at auth_initiation_uri: straight to the IdP, no password page.
    const page = await browser.get(new URL(found.body.auth_method.auth_initiation_uri).pathname);
    expect(page.status).toBe(303);
    const toIdp = new URL(page.headers.get('location') ?? '');
    expect(`${toIdp.origin}${toIdp.pathname}`).toBe(acme.idp.ssoUrl);
    // And that login completes through the IdP, as any SSO login.
    const answer = await idpAnswer(acme, toIdp, { nameId: email, attributes: { email: [email] } });
    const { external } = await browser.follow(await postToAcs(browser, acme.sp.acsUrl, answer));
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    expect(external?.searchParams.get('code')).toBeTruthy();
  });

  it('answers an address of a domain without SSO as before: password, with the passwordless type', async () => {
    const { browser, uid } = await startSignIn(handle.server);
    const found = await authCall(handle.server, browser, 'POST', AUTH.discovery, {
      email: `grace-${unique()}@example.com`,
    });
    expect(found.body).toEqual({
      auth_method: {
        connection_id: '',
        connection_type: 'PASSWORD',
        provider: 'gatehouse',
        auth_initiation_uri: `${handle.server.url}/interaction/${uid}`,
        passwordless_type: 'LINK_OTP',
        code_challenge_length: 6,
      },
    });
  });

  it('sends no code and creates no account when the page asks for one for an SSO email', async () => {
    const email = `lin-${unique()}@${acme.domain}`;
    const start = await startSignIn(handle.server);
    await authCall(handle.server, start.browser, 'POST', AUTH.discovery, { email });
    for (const step of ['otp', 'link']) {
      const sent = await postTo(start.browser, start.uid, start.html, step);
      expect(sent.status).toBe(303);
      expect(sent.headers.get('location')).toMatch(new RegExp(`^${acme.idp.ssoUrl}\\?SAMLRequest=`));
    }
    const state = await authCall(handle.server, start.browser, 'GET', AUTH.state);
    expect(state.body.auth_state).toBe('AUTHENTICATION_IN_PROGRESS');
    // Nothing pending: the API's passwordless calls have nothing to act on.
    const resend = await authCall(handle.server, start.browser, 'POST', AUTH.resend);
    expectRestError(resend, 400, 9, 'FAILED_PRECONDITION', /no one-time code/);
    expect(await mailTo(handle.server, email)).toHaveLength(0);
    expect(await userCount(email)).toBe(0);
  });

  it('does not check a password for an SSO email, even the right one', async () => {
    const known = await person(handle.server, handle.token, { email: `kim-${unique()}@${acme.domain}` });
    const start = await startSignIn(handle.server);
    await authCall(handle.server, start.browser, 'POST', AUTH.discovery, { email: known.email });
    const tried = await postTo(start.browser, start.uid, start.html, 'password', {
      email: known.email,
      password: known.password,
    });
    expect(tried.status).toBe(303);
    expect(tried.headers.get('location')).toMatch(new RegExp(`^${acme.idp.ssoUrl}\\?`));
    const state = await authCall(handle.server, start.browser, 'GET', AUTH.state);
    expect(state.body.auth_state).toBe('AUTHENTICATION_IN_PROGRESS');
  });

  it('refuses a code mailed before SSO was switched on: no resend, no verify, no account; then works when off again', async () => {
    const org = await ssoOrganization(handle.server, handle.token, { sso: false });
    const email = `new-${unique()}@${org.domain}`;
    const start = await startSignIn(handle.server);
    const found = await authCall(handle.server, start.browser, 'POST', AUTH.discovery, { email });
    expect(found.body.auth_method.connection_type).toBe('PASSWORD');
    expect((await postTo(start.browser, start.uid, start.html, 'otp')).status).toBe(200);
    const code = codeIn((await latestMail(handle.server, email)).text_body);

    await setSso(org, true);
    const resend = await authCall(handle.server, start.browser, 'POST', AUTH.resend);
    expectRestError(resend, 400, 9, 'FAILED_PRECONDITION', /single sign-on/);
    const verify = await authCall(handle.server, start.browser, 'POST', AUTH.verify, {
      code_challenge: code,
    });
    expectRestError(verify, 400, 9, 'FAILED_PRECONDITION', new RegExp(`connection ${org.connectionId}`));
    expect(await mailTo(handle.server, email)).toHaveLength(1);
    expect(await userCount(email)).toBe(0);
    const state = await authCall(handle.server, start.browser, 'GET', AUTH.state);
    expect(state.body.auth_state).toBe('LINK_SENT_OTP_VERIFICATION_PENDING');

    // The refusal did not burn the code: with SSO off again, the same code signs the person up.
    await setSso(org, false);
    const verified = await authCall(handle.server, start.browser, 'POST', AUTH.verify, {
      code_challenge: code,
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(await userCount(email)).toBe(1);
  });

  it('refuses the hosted sign-up for an SSO email: no account, no password, no mail', async () => {
    const email = `eve-${unique()}@${acme.domain}`;
    const start = await startSignIn(handle.server);
    const signUp = await postTo(start.browser, start.uid, start.html, 'signup', {
      email,
      password: 'correct horse battery staple',
    });
    expect(signUp.status).toBe(303);
    expect(signUp.headers.get('location')).toMatch(new RegExp(`^${acme.idp.ssoUrl}\\?`));
    expect(await userCount(email)).toBe(0);
    expect(await mailTo(handle.server, email)).toHaveLength(0);
  });
});
