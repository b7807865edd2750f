// UserService.GetCurrentUser with the access token an application got for a person (REST and gRPC),
// what it refuses (management tokens, forged or ended tokens), and AuthService.Logout ending the
// browser's session — after which the same token names no one.
import { createClient } from '@connectrpc/connect';
import { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { person, registerCallbacks, type Person } from './helpers/app-login.ts';
import { authorizedTransport, expectConnectError } from './helpers/grpc.ts';
import { eventsOfType } from './helpers/identity.ts';
import { Browserish, continuePasswordLogin } from './helpers/login.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { AUTH, authCall, authorizeUrl, exchangeCode } from './helpers/sign-in-api.ts';

describeEachEngine('GetCurrentUser and Logout', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let alice: Person;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    alice = await person(handle.server, handle.token, { roles: ['admin'] });
  });

  async function signedIn() {
    const browser = new Browserish(handle.server.url);
    const { external } = await continuePasswordLogin(
      browser,
      authorizeUrl(handle.server),
      alice.email,
      alice.password,
    );
    if (!external) throw new Error('no callback');
    const tokens = await exchangeCode(handle.server, external);
    return { browser, accessToken: tokens.access_token, sid: String(decodeJwt(tokens.access_token).sid) };
  }

  it('answers the person of an access token, with its session, over REST and gRPC', async () => {
    const { accessToken, sid } = await signedIn();
    for (const path of ['/api/v1/users:this', '/api/v1/users/me']) {
      const res = await rest(handle.server, 'GET', path, { token: accessToken });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        user: { id: alice.userId, email: alice.email },
        current_session_id: sid,
        gateway_enabled: false,
      });
      expect(res.body.user.memberships[0]).toMatchObject({ organization_id: alice.organizationIds[0] });
    }
    const grpc = createClient(
      UserService,
      authorizedTransport(handle.server.url, `Bearer ${accessToken}`, 'grpc'),
    );
    const answer = await grpc.getCurrentUser({});
    expect(answer.user?.id).toBe(alice.userId);
    expect(answer.currentSessionId).toBe(sid);
  });

  it('refuses management tokens, missing and forged tokens, and person tokens elsewhere', async () => {
    const management = await rest(handle.server, 'GET', '/api/v1/users:this', { token: handle.token });
    expectRestError(management, 403, 7, 'PERMISSION_DENIED', /management client has no current user/);
    expectRestError(await rest(handle.server, 'GET', '/api/v1/users:this'), 401, 16, 'UNAUTHENTICATED');
    const { accessToken } = await signedIn();
    const [head, body] = accessToken.split('.');
    const tampered = `${head}.${body}.${'A'.repeat(342)}`;
    expectRestError(
      await rest(handle.server, 'GET', '/api/v1/users:this', { token: tampered }),
      401,
      16,
      'UNAUTHENTICATED',
    );
    const unsigned = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${body}.`;
    expectRestError(
      await rest(handle.server, 'GET', '/api/v1/users:this', { token: unsigned }),
      401,
      16,
      'UNAUTHENTICATED',
    );
    // The person's token opens nothing else: management methods still need a management token.
    expectRestError(
      await rest(handle.server, 'GET', `/api/v1/users/${alice.userId}`, { token: accessToken }),
      401,
      16,
      'UNAUTHENTICATED',
    );
    const grpc = createClient(
      UserService,
      authorizedTransport(handle.server.url, `Bearer ${handle.token}`, 'grpc'),
    );
    await expectConnectError(grpc.getCurrentUser({}), 7, 'PERMISSION_DENIED');
  });

  it('logs the browser out through AuthService: the session ends, its token names no one, sign-in is asked again', async () => {
    const { browser, accessToken, sid } = await signedIn();
    const loggedOut = await authCall(handle.server, browser, 'POST', AUTH.logout);
    expect(loggedOut.status, JSON.stringify(loggedOut.body)).toBe(200);
    expect(loggedOut.body).toEqual({});
    const cleared = loggedOut.headers.getSetCookie().map((c) => c.split('=')[0]);
    expect(cleared).toEqual(expect.arrayContaining(['_session', '_gatehouse_signin']));

    const session = await handle.server.running.ctx.sessions.get(sid);
    expect(session?.logoutAt).not.toBeNull();
    expect(
      (await eventsOfType(handle.server, 'session.logged_out')).some(
        (e) => e.data.session.session_id === sid,
      ),
    ).toBe(true);
    expectRestError(
      await rest(handle.server, 'GET', '/api/v1/users:this', { token: accessToken }),
      401,
      16,
      'UNAUTHENTICATED',
      /ended/,
    );

    const again = await browser.follow(await browser.get(authorizeUrl(handle.server)));
    expect(again.external).toBeUndefined();
    expect(await again.res.text()).toContain('/email"');
  });

  it('ends nothing for a browser without a session, and nothing of another browser', async () => {
    const other = await signedIn();
    const stranger = new Browserish(handle.server.url);
    const res = await authCall(handle.server, stranger, 'POST', AUTH.logout);
    expect(res.status).toBe(200);
    expect((await handle.server.running.ctx.sessions.get(other.sid))?.logoutAt).toBeNull();
    const still = await rest(handle.server, 'GET', '/api/v1/users:this', { token: other.accessToken });
    expect(still.status).toBe(200);
  });
});
