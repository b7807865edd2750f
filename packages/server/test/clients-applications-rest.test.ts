// Environment clients (ClientService, environment part) over REST, as curl would call it: the
// application's callback URLs set and read back, bad URLs refused with nothing changed, field masks,
// creation and deletion of extra applications, and the refusals that keep a caller from locking
// itself out.
import { expect, it } from 'vitest';
import { applicationRest, clientEvents, tokenFor } from './helpers/clients.ts';
import { expectRestError, restCaller } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('environment clients over REST', (engine) => {
  const ctx = useServer(engine);
  const { call, ok } = applicationRest(ctx);
  const self = () => `/api/v1/clients/${ctx.server.clientId}`;

  it('shows the bootstrap client as an application, without any secret value', async () => {
    const { client } = await ok('GET', self());
    expect(client).toMatchObject({
      id: ctx.server.clientId,
      keyId: ctx.server.clientId,
      name: 'Default environment client',
      client_type: 'confidential',
      post_login_uris: [],
      post_logout_redirect_uris: [],
      initiate_login_uri: '',
      enforce_pkce: false,
      disallow_scalekit_api_access: false,
      grant_types: [],
    });
    expect(client.secrets).toEqual([
      expect.objectContaining({ status: 'ACTIVE', secret_suffix: ctx.server.clientSecret.slice(-4) }),
    ]);
    expect(JSON.stringify(client)).not.toContain(ctx.server.clientSecret);
    expect(client.access_token_expiry).toBeUndefined();
  });

  it('updates the callback URLs and reads them back; a mask clears what it names', async () => {
    const urls = {
      post_login_uris: ['https://app.example.com/auth/callback', 'http://localhost:3000/auth/callback'],
      post_logout_redirect_uris: ['https://app.example.com/signed-out'],
      back_channel_logout_uris: ['https://app.example.com/backchannel'],
      initiate_login_uri: 'https://app.example.com/login',
      access_token_expiry: '3600',
      enforce_pkce: true,
    };
    const updated = (await ok('PATCH', self(), urls)).client;
    expect(updated).toMatchObject(urls);
    expect((await ok('GET', self())).client).toEqual(updated);

    // Without a mask an empty list keeps the stored one; a mask replaces exactly what it names.
    await ok('PATCH', self(), { post_login_uris: [], name: 'Main app' });
    expect((await ok('GET', self())).client.post_login_uris).toEqual(urls.post_login_uris);
    const cleared = (
      await ok('PATCH', `${self()}?mask=post_logout_redirect_uris,initiate_login_uri`, {
        post_logout_redirect_uris: [],
        initiate_login_uri: '',
      })
    ).client;
    expect(cleared).toMatchObject({
      name: 'Main app',
      post_login_uris: urls.post_login_uris,
      post_logout_redirect_uris: [],
      initiate_login_uri: '',
      access_token_expiry: '3600',
    });
    const loaded = await ctx.server.running.ctx.db
      .selectFrom('api_clients')
      .select(['post_login_uris', 'initiate_login_uri'])
      .where('id', '=', ctx.server.clientId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(loaded.post_login_uris)).toEqual(urls.post_login_uris);
    expect(loaded.initiate_login_uri).toBeNull();

    const types = (await clientEvents(ctx.server, ctx.server.clientId)).map((e) => e.type);
    expect(types.filter((t) => t === 'client.updated')).toHaveLength(3);
    expectRestError(
      await call('PATCH', `${self()}?mask=kind`, { name: 'x' }),
      400,
      3,
      'INVALID_ARGUMENT',
      /mask path "kind"/,
    );
  });

  it('refuses unsafe URLs with a message naming them, and changes nothing', async () => {
    const before = (await ok('GET', self())).client;
    const eventsBefore = (await clientEvents(ctx.server, ctx.server.clientId)).length;
    const refused: [string, Record<string, unknown>, RegExp][] = [
      ['plain http', { post_login_uris: ['http://app.example.com/cb'] }, /must use https/],
      ['http to a look-alike host', { post_login_uris: ['http://localhost.evil.com/cb'] }, /must use https/],
      ['wildcard', { post_login_uris: ['https://*.example.com/cb'] }, /wildcard/],
      ['fragment', { post_login_uris: ['https://app.example.com/cb#x'] }, /fragment/],
      ['relative', { post_login_uris: ['/auth/callback'] }, /absolute URL/],
      ['javascript', { post_login_uris: ['javascript:alert(1)'] }, /must use https, not javascript/],
      ['custom scheme', { post_logout_redirect_uris: ['myapp://cb'] }, /post_logout_redirect_uris/],
      ['credentials', { post_login_uris: ['https://u:p@app.example.com/cb'] }, /user name or password/],
      ['whitespace', { post_login_uris: ['https://app.example.com/c b'] }, /spaces/],
      ['newline', { post_login_uris: ['https://app.example.com/cb\n'] }, /spaces or control/],
      ['empty', { post_login_uris: [''] }, /must not be empty/],
      ['too long', { post_login_uris: [`https://app.example.com/${'a'.repeat(2030)}`] }, /2048/],
      ['too many', { post_login_uris: urlList(51) }, /at most 50/],
      ['initiate over http', { initiate_login_uri: 'http://app.example.com/login' }, /initiate_login_uri/],
      ['back-channel wildcard', { back_channel_logout_uris: ['https://*.x.com/bc'] }, /back_channel/],
      ['short token lifetime', { access_token_expiry: '60' }, /between 300 and 86400/],
      ['long token lifetime', { access_token_expiry: '86401' }, /between 300 and 86400/],
      ['unknown grant', { grant_types: ['password'] }, /grant_types/],
      ['bad scope', { scopes: ['has space'] }, /scope/],
      ['reserved claim', { custom_claims: [{ key: 'sub', value: 'x' }] }, /reserved/],
    ];
    for (const [what, body, message] of refused) {
      const res = await call('PATCH', self(), body);
      expect(res.status, what).toBe(400);
      expectRestError(res, 400, 3, 'INVALID_ARGUMENT', message);
    }
    expect((await ok('GET', self())).client).toEqual(before);
    expect(await clientEvents(ctx.server, ctx.server.clientId)).toHaveLength(eventsBefore);

    const accepted = [
      'http://localhost:3000/cb',
      'http://127.0.0.1:8080/cb',
      'http://[::1]:3000/cb',
      'https://app.example.com/cb?tenant=a',
      ...urlList(46),
    ];
    const { client } = await ok('PATCH', self(), { post_login_uris: [...accepted, accepted[0]] });
    expect(client.post_login_uris).toEqual(accepted);
  });

  it('creates, lists, pages and deletes applications; a public one has no secret and PKCE always', async () => {
    const made = await ok('POST', '/api/v1/clients', {
      name: 'Mobile app',
      client_type: 'public',
      post_login_uris: ['https://m.example.com/cb'],
      grant_types: ['authorization_code', 'refresh_token'],
    });
    expect(made.client).toMatchObject({ client_type: 'public', enforce_pkce: true, secrets: [] });
    const publicId = made.client.id as string;
    expectRestError(await call('POST', `/api/v1/clients/${publicId}/secrets`), 400, 9, 'FAILED_PRECONDITION');
    expectRestError(
      await call('PATCH', `/api/v1/clients/${publicId}`, { enforce_pkce: false }),
      400,
      3,
      'INVALID_ARGUMENT',
      /always uses PKCE/,
    );
    expectRestError(
      await call('POST', '/api/v1/clients', {
        name: 'x',
        client_type: 'public',
        grant_types: ['client_credentials'],
      }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
    expectRestError(
      await call('POST', '/api/v1/clients', { name: 'x', client_type: 'spa' }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
    expectRestError(
      await call('POST', '/api/v1/clients', { client_type: 'public' }),
      400,
      3,
      'INVALID_ARGUMENT',
    );

    const web = await ok('POST', '/api/v1/clients', { name: 'Web app' });
    expect(web.client.client_type).toBe('confidential');
    expect(web.client.secrets).toHaveLength(1);
    const plain = web.client.secrets[0].plain_secret as string;
    expect(plain).toMatch(/^ghs_/);
    expect((await tokenFor(ctx.server.url, web.client.id, plain)).status).toBe(200);
    // Grant types are enforced on the client-credentials path too.
    await ok('PATCH', `/api/v1/clients/${web.client.id}`, { grant_types: ['authorization_code'] });
    const refused = await tokenFor(ctx.server.url, web.client.id, plain);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('unauthorized_client');
    await ok('PATCH', `/api/v1/clients/${web.client.id}`, { grant_types: ['client_credentials'] });
    expect((await tokenFor(ctx.server.url, web.client.id, plain)).status).toBe(200);
    expect(
      (await ok('GET', `/api/v1/clients/${web.client.id}`)).client.secrets[0].plain_secret,
    ).toBeUndefined();

    const page1 = await ok('GET', '/api/v1/clients?page_size=2');
    expect(page1.total_size).toBe(3);
    const page2 = await ok('GET', `/api/v1/clients?page_size=2&page_token=${page1.next_page_token}`);
    const ids = [...page1.clients, ...page2.clients].map((c: { id: string }) => c.id);
    expect(ids.sort()).toEqual([ctx.server.clientId, publicId, web.client.id].sort());
    const publicOnly = await ok('GET', '/api/v1/clients?filter.client_type=public');
    expect(publicOnly.clients.map((c: { id: string }) => c.id)).toEqual([publicId]);
    expect(JSON.stringify([page1, page2])).not.toContain(plain);

    await ok('DELETE', `/api/v1/clients/${web.client.id}`);
    expect((await tokenFor(ctx.server.url, web.client.id, plain)).status).toBe(401);
    expectRestError(await call('GET', `/api/v1/clients/${web.client.id}`), 404, 5, 'NOT_FOUND');
    expect((await clientEvents(ctx.server, web.client.id)).map((e) => e.type)).toEqual([
      'client.created',
      'client.updated',
      'client.updated',
      'client.deleted',
    ]);
    await ok('DELETE', `/api/v1/clients/${publicId}`);
  });

  it('never lets the caller delete itself, bar itself from the API or drop client_credentials', async () => {
    expectRestError(await call('DELETE', self()), 400, 9, 'FAILED_PRECONDITION', /cannot delete itself/);
    expectRestError(
      await call('PATCH', self(), { disallow_scalekit_api_access: true }),
      400,
      9,
      'FAILED_PRECONDITION',
    );
    expectRestError(
      await call('PATCH', self(), { grant_types: ['authorization_code'] }),
      400,
      9,
      'FAILED_PRECONDITION',
    );
    expect((await ok('GET', self())).client.disallow_scalekit_api_access).toBe(false);
    expect((await tokenFor(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret)).status).toBe(200);
  });

  it('bars another application from the management API at once, and lets it back in', async () => {
    const other = await ok('POST', '/api/v1/clients', { name: 'Backend' });
    const id = other.client.id as string;
    const token = (await tokenFor(ctx.server.url, id, other.client.secrets[0].plain_secret)).body
      .access_token;
    const asOther = () =>
      restCaller({ server: ctx.server, token: token! }).call('GET', '/api/v1/organizations');
    expect((await asOther()).status).toBe(200);
    await ok('PATCH', `/api/v1/clients/${id}`, { disallow_scalekit_api_access: true });
    expectRestError(await asOther(), 403, 7, 'PERMISSION_DENIED');
    await ok('PATCH', `/api/v1/clients/${id}?mask=disallow_scalekit_api_access`, {});
    expect((await asOther()).status).toBe(200);
    await ok('DELETE', `/api/v1/clients/${id}`);
  });

  it('keeps organization clients out of the environment methods, and untouched by them', async () => {
    const org = (await ok('POST', '/api/v1/organizations', { display_name: 'M2M owner' })).organization;
    const m2m = await ok('POST', `/api/v1/organizations/${org.id}/clients`, {
      name: 'worker',
      scopes: ['a'],
    });
    const m2mId = m2m.client.client_id as string;
    expectRestError(await call('GET', `/api/v1/clients/${m2mId}`), 404, 5, 'NOT_FOUND');
    expectRestError(await call('PATCH', `/api/v1/clients/${m2mId}`, { name: 'x' }), 404, 5, 'NOT_FOUND');
    expectRestError(await call('DELETE', `/api/v1/clients/${m2mId}`), 404, 5, 'NOT_FOUND');
    expectRestError(await call('POST', `/api/v1/clients/${m2mId}/secrets`), 404, 5, 'NOT_FOUND');
    const listed = await ok('GET', '/api/v1/clients?page_size=100');
    expect(listed.clients.map((c: { id: string }) => c.id)).not.toContain(m2mId);
    const after = await ok('GET', `/api/v1/organizations/${org.id}/clients/${m2mId}`);
    expect(after.client).toMatchObject({ name: 'worker', scopes: ['a'] });
    const m2mToken = (await tokenFor(ctx.server.url, m2mId, m2m.plain_secret)).body.access_token;
    expect(m2mToken).toBeTruthy();
    // An organization's token can neither read nor change the environment's applications.
    const asM2m = restCaller({ server: ctx.server, token: m2mToken! });
    expectRestError(await asM2m.call('GET', '/api/v1/clients'), 403, 7, 'PERMISSION_DENIED');
    expectRestError(await asM2m.call('PATCH', self(), { name: 'x' }), 403, 7, 'PERMISSION_DENIED');
    expectRestError(
      await restCaller({ server: ctx.server, token: '' }).call('GET', self()),
      401,
      16,
      'UNAUTHENTICATED',
    );
  });

  it('refuses malformed requests', async () => {
    expectRestError(await call('PATCH', self(), { nope: 1 }), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(
      await call('PATCH', self(), { post_login_uris: 'https://a.example.com' }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
    expectRestError(await call('GET', '/api/v1/clients?page_size=101'), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(await call('GET', '/api/v1/clients?page_token=garbage'), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(await call('GET', '/api/v1/clients?filter.client_type=spa'), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(await call('PATCH', `${self()}/secrets/sks_x`, {}), 404, 5, 'NOT_FOUND');
    expectRestError(
      await call('POST', '/api/v1/clients', { name: 'x', access_token_expiry: 'soon' }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
  });
});

function urlList(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `https://app${i}.example.com/callback`);
}
