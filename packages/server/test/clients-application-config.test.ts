// What the OIDC provider reads about an application (loadApplication), on both engines, and the
// URL rules on their own: each refusal with its reason, and the loopback exceptions of RFC 8252.
import { describe, expect, it } from 'vitest';
import { loadApplication } from '../src/clients/application-config.ts';
import { uriProblem } from '../src/clients/application-uris.ts';
import { applicationRest } from './helpers/clients.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describe('application URL rules', () => {
  it.each([
    ['https://app.example.com/callback', undefined],
    ['https://app.example.com:8443/cb?x=1&y=2', undefined],
    ['http://localhost/cb', undefined],
    ['http://localhost:3000/cb', undefined],
    ['http://127.0.0.1:9000/cb', undefined],
    ['http://[::1]:9000/cb', undefined],
    ['http://127.0.0.2/cb', /https/],
    ['http://localhost.example.com/cb', /https/],
    ['http://app.example.com/cb', /https/],
    ['HTTPS://APP.example.com/cb', undefined],
    ['data:text/html,hi', /not data/],
    ['file:///etc/passwd', /not file/],
    ['https:/app.example.com/cb', /absolute/],
    ['https:app.example.com/cb', /absolute/],
    ['https://app.example.com\\@evil.example.com/', /backslash/],
    ['app.example.com/cb', /absolute/],
    ['https://app.example.com/cb#', /fragment/],
    ['https://app.example.com/*', /wildcard/],
    ['https://user@app.example.com/cb', /user name/],
    ['https://app.example.com/\tcb', /control/],
    [' https://app.example.com/cb', /spaces/],
  ])('%s', (value, expected) => {
    const problem = uriProblem(value);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});

describeEachEngine('loadApplication', (engine) => {
  const ctx = useServer(engine);

  it('reads an application as the OIDC provider needs it, and undefined for an unknown id', async () => {
    const { ok } = applicationRest(ctx);
    const db = ctx.server.running.ctx.db;
    const fresh = await loadApplication(db, ctx.server.clientId);
    expect(fresh).toEqual({
      clientId: ctx.server.clientId,
      name: 'Default environment client',
      kind: 'environment',
      organizationId: null,
      redirectUris: [],
      postLogoutRedirectUris: [],
      initiateLoginUri: null,
      backChannelLogoutUris: [],
      scopes: [],
      accessTokenTtlSeconds: null,
      customClaims: {},
      clientType: 'confidential',
      enforcePkce: false,
      grantTypes: [],
      disallowApiAccess: false,
    });

    const made = await ok('POST', '/api/v1/clients', {
      name: 'Native app',
      client_type: 'public',
      post_login_uris: ['https://native.example.com/cb'],
      post_logout_redirect_uris: ['https://native.example.com/bye'],
      initiate_login_uri: 'https://native.example.com/login',
      access_token_expiry: '1800',
      scopes: ['notes:read'],
      custom_claims: [{ key: 'app', value: 'native' }],
      grant_types: ['authorization_code', 'refresh_token'],
    });
    expect(await loadApplication(db, made.client.id)).toEqual({
      clientId: made.client.id,
      name: 'Native app',
      kind: 'environment',
      organizationId: null,
      redirectUris: ['https://native.example.com/cb'],
      postLogoutRedirectUris: ['https://native.example.com/bye'],
      initiateLoginUri: 'https://native.example.com/login',
      backChannelLogoutUris: [],
      scopes: ['notes:read'],
      accessTokenTtlSeconds: 1800,
      customClaims: { app: 'native' },
      clientType: 'public',
      enforcePkce: true,
      grantTypes: ['authorization_code', 'refresh_token'],
      disallowApiAccess: false,
    });

    const org = (await ok('POST', '/api/v1/organizations', { display_name: 'Config org' })).organization;
    const m2m = (await ok('POST', `/api/v1/organizations/${org.id}/clients`, { name: 'w' })).client;
    expect(await loadApplication(db, m2m.client_id)).toMatchObject({
      kind: 'organization',
      organizationId: org.id,
      redirectUris: [],
    });
    expect(await loadApplication(db, 'skc_nothing')).toBeUndefined();
  });
});
