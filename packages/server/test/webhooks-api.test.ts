// The webhook endpoint API over REST: create (secret shown once), list, get, patch, delete, rotate,
// event types, and refusals in the contract's error shape — on every engine.
import { expect, it } from 'vitest';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { expectRestError, rest } from './helpers/rest.ts';

describeEachEngine('webhook endpoints API', (engine) => {
  const ctx = useServer(engine, { GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: 'false' });
  const call = (method: string, path: string, json?: unknown) =>
    rest(ctx.server, method, `/api/v1/webhooks${path}`, { token: ctx.token, json });

  it('creates an endpoint and shows its secret only on creation', async () => {
    const res = await call('POST', '/endpoints', {
      url: 'https://hooks.example.com/scalekit',
      description: 'main',
      event_types: ['user.created', 'organization.created'],
    });
    expect(res.status).toBe(201);
    const endpoint = res.body.endpoint;
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^whe_[0-9a-z]{26}$/),
      url: 'https://hooks.example.com/scalekit',
      description: 'main',
      event_types: ['user.created', 'organization.created'],
      enabled: true,
      create_time: expect.any(String),
      update_time: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
    });
    const got = await call('GET', `/endpoints/${endpoint.id}`);
    expect(got.status).toBe(200);
    expect(got.body.endpoint.secret).toBeUndefined();
    const listed = await call('GET', '/endpoints');
    expect(listed.body.endpoints.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    // Sealed at rest: the stored value is not the secret.
    const row = await ctx.server.running.ctx.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(endpoint.secret.slice(6, 20));
  });

  it('patches, rotates and deletes', async () => {
    const { endpoint } = (await call('POST', '/endpoints', { url: 'https://a.example.com/h' })).body;
    expect(endpoint.event_types).toEqual([]);
    const patched = await call('PATCH', `/endpoints/${endpoint.id}`, {
      url: 'https://b.example.com/h',
      event_types: ['user.deleted'],
      enabled: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.endpoint).toMatchObject({
      url: 'https://b.example.com/h',
      event_types: ['user.deleted'],
      enabled: false,
      description: '',
    });
    const rotated = await call('POST', `/endpoints/${endpoint.id}/secret:rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.endpoint.secret).toMatch(/^whsec_/);
    expect(rotated.body.endpoint.secret).not.toBe(endpoint.secret);
    expect((await call('DELETE', `/endpoints/${endpoint.id}`)).status).toBe(200);
    expectRestError(await call('GET', `/endpoints/${endpoint.id}`), 404, 5, 'NOT_FOUND');
    expectRestError(await call('DELETE', `/endpoints/${endpoint.id}`), 404, 5, 'NOT_FOUND');
  });

  it('lists the event types', async () => {
    const res = await call('GET', '/event-types');
    expect(res.status).toBe(200);
    const types = res.body.event_types.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['user.created', 'organization.created', 'role.deleted']));
  });

  it('refuses bad input with a 400 naming the field', async () => {
    expectRestError(await call('POST', '/endpoints', {}), 400, 3, 'INVALID_ARGUMENT', /url/);
    expectRestError(
      await call('POST', '/endpoints', { url: 'ftp://x.example.com' }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
    expectRestError(
      await call('POST', '/endpoints', { url: 'https://x.example.com', event_types: ['NOPE'] }),
      400,
      3,
      'INVALID_ARGUMENT',
      /event_types/,
    );
    expectRestError(
      await call('POST', '/endpoints', { url: 'https://x.example.com', surprise: 1 }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
    const raw = await rest(ctx.server, 'POST', '/api/v1/webhooks/endpoints', {
      token: ctx.token,
      raw: '{"url": "https://x.example.com", "__proto__": {"a": 1}}',
    });
    expectRestError(raw, 400, 3, 'INVALID_ARGUMENT');
  });

  it('refuses private and loopback targets when they are not allowed', async () => {
    for (const url of [
      'http://127.0.0.1:9/h',
      'http://10.1.2.3/h',
      'http://169.254.169.254/latest',
      'http://[::1]/h',
      'http://[::ffff:127.0.0.1]/h',
      'http://localhost/h',
    ]) {
      expectRestError(
        await call('POST', '/endpoints', { url }),
        400,
        3,
        'INVALID_ARGUMENT',
        /private|loopback/,
      );
    }
  });

  it('needs a bearer token and answers unknown routes in the contract shape', async () => {
    const res = await rest(ctx.server, 'GET', '/api/v1/webhooks/endpoints');
    expectRestError(res, 401, 16, 'UNAUTHENTICATED');
    expectRestError(await call('PUT', '/endpoints'), 404, 5, 'ROUTE_NOT_FOUND');
    expectRestError(await call('GET', '/nothing-here'), 404, 5, 'ROUTE_NOT_FOUND');
    expectRestError(
      await call('POST', `/deliveries/whd_00000000000000000000000000:retry`),
      404,
      5,
      'NOT_FOUND',
    );
  });
});
