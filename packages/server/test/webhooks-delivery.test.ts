// Delivery end to end on every engine: a change becomes a signed POST that the official SDK, the
// standardwebhooks package and the documented Flask check all accept; filters, retries on the
// configured schedule, Retry-After, 410, rotation overlap, manual retry and the delivery log.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Scalekit } from '@scalekit-sdk/node';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../src/webhooks/address-policy.ts';
import { BlockedAddressError, guardedLookup } from '../src/webhooks/outbound.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { rest } from './helpers/rest.ts';
import { startReceiver, type Receiver, type Received } from './helpers/webhook-receiver.ts';

/** The documented Flask handler's check, ported line for line. */
function flaskAccepts(secret: string, received: Received): boolean {
  const signature = String(received.headers['x-scalekit-signature'] ?? '');
  const expected = createHmac('sha256', Buffer.from(secret)).update(Buffer.from(received.body)).digest('hex');
  return (
    signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  );
}

function headersOf(received: Received): Record<string, string> {
  return Object.fromEntries(Object.entries(received.headers).map(([k, v]) => [k, String(v)]));
}

describeEachEngine('webhook delivery', (engine) => {
  const ctx = useServer(engine, { GATEHOUSE_WEBHOOK_RETRY_SCHEDULE: '100ms,200ms,100ms' });
  let receiver: Receiver;
  const call = (method: string, path: string, json?: unknown) =>
    rest(ctx.server, method, path, { token: ctx.token, json });
  const newEndpoint = async (path: string, extra: Record<string, unknown> = {}) => {
    const res = await call('POST', '/api/v1/webhooks/endpoints', { url: `${receiver.url}${path}`, ...extra });
    expect(res.status).toBe(201);
    return res.body.endpoint as { id: string; secret: string };
  };
  const newOrg = async () =>
    (await call('POST', '/api/v1/organizations', { display_name: `Hook ${unique()}` })).body.organization
      .id as string;
  const at = (path: string) => (r: Received) => r.path === path;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.answer = () => ({ status: 200 });
  });

  it('delivers user.created, signed so every documented verifier accepts it', async () => {
    const endpoint = await newEndpoint('/signed', { event_types: ['user.created'] });
    const orgId = await newOrg();
    const email = `hook.${unique()}@example.com`;
    const created = await call('POST', `/api/v1/organizations/${orgId}/users`, { email });
    expect(created.status).toBe(200);
    const [got] = await receiver.waitFor(1, 10_000, at('/signed'));
    const r = got as Received;
    expect(r.event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      spec_version: '1',
      event_type: 'user.created',
      type: 'user.created',
      environment_id: expect.stringMatching(/^env_/),
      object: 'User',
      data: { user: { email, id: created.body.user.id } },
    });
    expect(r.event.occurred_at).toEqual(expect.any(String));
    expect(r.headers['webhook-id']).toBe(r.event.id);
    // The official SDK (its constructor only needs well-formed arguments to verify).
    const official = new Scalekit(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
    expect(official.verifyWebhookPayload(endpoint.secret, headersOf(r), r.body)).toBe(true);
    expect(() => official.verifyWebhookPayload(endpoint.secret, headersOf(r), r.body + ' ')).toThrow();
    // The standardwebhooks package.
    expect(new Webhook(endpoint.secret).verify(r.body, headersOf(r))).toEqual(r.event);
    // The Flask handler from Scalekit's documentation.
    expect(flaskAccepts(endpoint.secret, r)).toBe(true);
    expect(flaskAccepts(endpoint.secret.replace(/.$/, 'x'), r)).toBe(false);
    // Only the subscribed type arrived here (the organization.created was filtered out).
    expect(receiver.received.filter(at('/signed')).map((x) => x.event.type)).toEqual(['user.created']);
  });

  it('retries failures on the schedule and logs every attempt', async () => {
    const endpoint = await newEndpoint('/flaky', { event_types: ['organization.created'] });
    receiver.answer = (req) => {
      if (req.path !== '/flaky') return { status: 200 };
      const n = receiver.received.filter(at('/flaky')).length;
      return n === 1
        ? { status: 500 }
        : n === 2
          ? { status: 503, headers: { 'retry-after': '1' } }
          : { status: 200 };
    };
    await newOrg();
    const got = await receiver.waitFor(3, 10_000, at('/flaky'));
    // Retry-After: 1 stretched the 200 ms step to at least a second.
    expect((got[2] as Received).at - (got[1] as Received).at).toBeGreaterThanOrEqual(900);
    expect(new Set(got.map((g) => g.headers['webhook-id'])).size).toBe(1);
    await expect
      .poll(
        async () =>
          (await call('GET', `/api/v1/webhooks/endpoints/${endpoint.id}/deliveries`)).body.deliveries.length,
      )
      .toBe(3);
    const log = (await call('GET', `/api/v1/webhooks/endpoints/${endpoint.id}/deliveries`)).body.deliveries;
    expect(log.map((a: { status_code: number }) => a.status_code)).toEqual([200, 503, 500]);
    expect(log[2]).toMatchObject({
      event_type: 'organization.created',
      event_id: expect.stringMatching(/^evt_/),
      attempt: 1,
      error: 'HTTP 500',
      duration_ms: expect.any(Number),
      next_retry_time: expect.any(String),
    });
    expect(log[0]).toMatchObject({ attempt: 3, delivery_status: 'succeeded' });
    expect(log[0].error).toBeUndefined();
  });

  it('gives up after the schedule, and a manual retry sends it again', async () => {
    const endpoint = await newEndpoint('/down', { event_types: ['organization.created'] });
    receiver.answer = (req) => ({ status: req.path === '/down' ? 500 : 200 });
    await newOrg();
    await receiver.waitFor(4, 10_000, at('/down'));
    const url = `/api/v1/webhooks/endpoints/${endpoint.id}/deliveries`;
    await expect
      .poll(async () => (await call('GET', url)).body.deliveries[0]?.delivery_status)
      .toBe('failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.filter(at('/down'))).toHaveLength(4);
    const deliveryId = (await call('GET', url)).body.deliveries[0].delivery_id;
    receiver.answer = () => ({ status: 200 });
    const retried = await call('POST', `/api/v1/webhooks/deliveries/${deliveryId}:retry`);
    expect(retried.status).toBe(200);
    await receiver.waitFor(5, 5_000, at('/down'));
    await expect
      .poll(async () => (await call('GET', url)).body.deliveries[0]?.delivery_status)
      .toBe('succeeded');
  });

  it('disables an endpoint that answers 410 Gone, with an event', async () => {
    const watcher = await newEndpoint('/watcher', { event_types: ['webhook.endpoint_disabled'] });
    const endpoint = await newEndpoint('/gone', { event_types: ['organization.created'] });
    receiver.answer = (req) => ({ status: req.path === '/gone' ? 410 : 200 });
    await newOrg();
    await receiver.waitFor(1, 10_000, at('/gone'));
    await expect
      .poll(
        async () => (await call('GET', `/api/v1/webhooks/endpoints/${endpoint.id}`)).body.endpoint.enabled,
      )
      .toBe(false);
    const [notice] = await receiver.waitFor(1, 10_000, at('/watcher'));
    expect(notice?.event.data.endpoint.id).toBe(endpoint.id);
    expect(watcher.id).toMatch(/^whe_/);
    await newOrg();
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.received.filter(at('/gone'))).toHaveLength(1);
  });

  it('disables an endpoint that has failed for five days', async () => {
    const endpoint = await newEndpoint('/failing', { event_types: ['organization.created'] });
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000).toISOString();
    await ctx.server.running.ctx.db
      .updateTable('webhook_endpoints')
      .set({ failing_since: sixDaysAgo })
      .where('id', '=', endpoint.id)
      .execute();
    receiver.answer = (req) => ({ status: req.path === '/failing' ? 500 : 200 });
    await newOrg();
    await receiver.waitFor(1, 10_000, at('/failing'));
    await expect
      .poll(async () => (await call('GET', `/api/v1/webhooks/endpoints/${endpoint.id}`)).body.endpoint)
      .toMatchObject({ enabled: false, disabled_reason: expect.stringContaining('failed since') });
  });

  it('signs with both secrets during a rotation', async () => {
    const endpoint = await newEndpoint('/rotate', { event_types: ['organization.created'] });
    const rotated = (await call('POST', `/api/v1/webhooks/endpoints/${endpoint.id}/secret:rotate`)).body
      .endpoint;
    await newOrg();
    const [got] = await receiver.waitFor(1, 10_000, at('/rotate'));
    const r = got as Received;
    expect(String(r.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(endpoint.secret).verify(r.body, headersOf(r))).toBeTruthy();
    expect(new Webhook(rotated.secret).verify(r.body, headersOf(r))).toBeTruthy();
    expect(flaskAccepts(rotated.secret, r)).toBe(true);
  });
});

describeEachEngine('webhook delivery to private addresses when not allowed', (engine) => {
  const ctx = useServer(engine, {
    GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: 'false',
    GATEHOUSE_WEBHOOK_RETRY_SCHEDULE: '1h',
  });
  it('is refused at delivery time and the log says why', async () => {
    const res = await rest(ctx.server, 'POST', '/api/v1/webhooks/endpoints', {
      token: ctx.token,
      json: { url: 'https://hooks.example.com/h' },
    });
    expect(res.status).toBe(201);
    // As if the name now pointed inside: stored directly, past the API's check.
    await ctx.server.running.ctx.db
      .updateTable('webhook_endpoints')
      .set({ url: 'http://localhost:9/h' })
      .where('id', '=', res.body.endpoint.id)
      .execute();
    await rest(ctx.server, 'POST', '/api/v1/organizations', {
      token: ctx.token,
      json: { display_name: 'Ssrf' },
    });
    const url = `/api/v1/webhooks/endpoints/${res.body.endpoint.id}/deliveries`;
    await expect
      .poll(async () => (await rest(ctx.server, 'GET', url, { token: ctx.token })).body.deliveries[0])
      .toMatchObject({ error: 'refused: localhost is loopback', delivery_status: 'pending' });
  });
});

describe('the resolved-address guard', () => {
  const lookup = (allowPrivate: boolean, host: string) =>
    new Promise<string>((resolve, reject) =>
      guardedLookup(allowPrivate)(host, {}, (err, address) => (err ? reject(err) : resolve(String(address)))),
    );
  it('refuses a name that resolves to a private address, unless allowed', async () => {
    await expect(lookup(false, 'localhost')).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(lookup(true, 'localhost')).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
  });
  it('classifies special-purpose addresses as private', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});
