// Our SDK's webhook client against a real server, and its verifyWebhookPayload against real
// deliveries: accepts them, refuses tampering, wrong secrets and stale timestamps.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Gatehouse, verifyWebhookPayload } from '../../sdk/src/index.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { startReceiver, type Receiver, type Received } from './helpers/webhook-receiver.ts';

describeEachEngine('SDK webhook client', (engine) => {
  const ctx = useServer(engine);
  let receiver: Receiver;
  let sdk: Gatehouse;
  beforeAll(async () => {
    receiver = await startReceiver();
    sdk = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('manages endpoints and verifies what they receive', async () => {
    const { endpoint } = await sdk.webhook.createEndpoint(`${receiver.url}/sdk`, {
      description: 'sdk',
      eventTypes: ['organization.created'],
    });
    expect(endpoint).toMatchObject({
      eventTypes: ['organization.created'],
      enabled: true,
      description: 'sdk',
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await sdk.webhook.getEndpoint(endpoint.id)).endpoint.secret).toBeUndefined();
    expect((await sdk.webhook.listEndpoints()).endpoints.map((e) => e.id)).toContain(endpoint.id);
    expect((await sdk.webhook.listEventTypes()).eventTypes.length).toBeGreaterThan(5);

    await sdk.organization.createOrganization('Sdk Hooks');
    const [got] = await receiver.waitFor(1, 10_000);
    const r = got as Received;
    const headers = r.headers as Record<string, string>;
    const secret = endpoint.secret as string;
    expect(await verifyWebhookPayload(secret, headers, r.body)).toBe(true);
    expect(await sdk.verifyWebhookPayload(secret, new Headers(headers), r.body)).toBe(true);
    expect(await verifyWebhookPayload(secret, headers, r.body.replace('Sdk', 'Sdx'))).toBe(false);
    expect(await verifyWebhookPayload('whsec_' + btoa('wrong secret bytes'), headers, r.body)).toBe(false);
    const later = new Date(Date.now() + 6 * 60_000);
    expect(await verifyWebhookPayload(secret, headers, r.body, later)).toBe(false);
    expect(await verifyWebhookPayload(secret, { ...headers, 'webhook-id': '' }, r.body)).toBe(false);

    await expect.poll(async () => (await sdk.webhook.listDeliveries(endpoint.id)).deliveries.length).toBe(1);
    const { deliveries } = await sdk.webhook.listDeliveries(endpoint.id);
    expect(deliveries[0]).toMatchObject({
      statusCode: 200,
      deliveryStatus: 'succeeded',
      eventType: 'organization.created',
    });
    const retried = await sdk.webhook.retryDelivery(deliveries[0]!.deliveryId);
    expect(retried.delivery.status).toBe('pending');
    await receiver.waitFor(2, 10_000);

    const rotated = await sdk.webhook.rotateSecret(endpoint.id);
    expect(rotated.endpoint.secret).not.toBe(secret);
    const updated = await sdk.webhook.updateEndpoint(endpoint.id, { enabled: false, eventTypes: [] });
    expect(updated.endpoint).toMatchObject({ enabled: false, eventTypes: [] });
    await sdk.webhook.deleteEndpoint(endpoint.id);
    await expect(sdk.webhook.getEndpoint(endpoint.id)).rejects.toMatchObject({ status: 404 });
  });
});
