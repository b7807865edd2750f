// Our SDK's `m2m` (the official SDK's organization-client methods, same names and arguments) and
// `clients` (environment applications) against a real server: shapes, bigints, masks, refusals.
import { beforeAll, expect, it } from 'vitest';
import { Gatehouse, GatehouseError } from '../../sdk/src/index.ts';
import { tokenFor } from './helpers/clients.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

async function refusal(call: Promise<unknown>, errorCode: string, status: number): Promise<GatehouseError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatehouseError);
  expect({ code: (error as GatehouseError).errorCode, status: (error as GatehouseError).status }).toEqual({
    code: errorCode,
    status,
  });
  return error as GatehouseError;
}

describeEachEngine('SDK m2m and clients', (engine) => {
  const ctx = useServer(engine);
  let sdk: Gatehouse;
  beforeAll(() => {
    sdk = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
  });

  it('manages organization M2M clients as the official SDK does', async () => {
    const orgId = (await sdk.organization.createOrganization(`M2M ${unique()}`)).organization.id;
    const created = await sdk.m2m.createOrganizationClient(orgId, {
      name: 'Backend Service',
      scopes: ['read:users'],
      customClaims: { tier: 'gold' },
    });
    expect(created.plainSecret).toMatch(/^ghs_/);
    expect(created.client).toMatchObject({
      name: 'Backend Service',
      organizationId: orgId,
      scopes: ['read:users'],
      customClaims: [{ key: 'tier', value: 'gold' }],
      expiry: 0n,
    });
    const id = created.client.clientId;
    expect((await tokenFor(ctx.server.url, id, created.plainSecret)).status).toBe(200);

    const updated = await sdk.m2m.updateOrganizationClient(orgId, id, { description: 'jobs' });
    expect(updated.client).toMatchObject({ name: 'Backend Service', description: 'jobs' });
    const added = await sdk.m2m.addOrganizationClientSecret(orgId, id);
    expect(added.secret.status).toBe('ACTIVE');
    await sdk.m2m.removeOrganizationClientSecret(orgId, id, created.client.secrets[0]!.id);
    expect((await tokenFor(ctx.server.url, id, created.plainSecret)).status).toBe(401);
    expect((await tokenFor(ctx.server.url, id, added.plainSecret)).status).toBe(200);

    const got = await sdk.m2m.getOrganizationClient(orgId, id);
    expect(got.client.secrets.map((s) => s.id)).toEqual([added.secret.id]);
    const listed = await sdk.m2m.listOrganizationClients(orgId, { pageSize: 10 });
    expect(listed).toMatchObject({ totalSize: 1, nextPageToken: '', prevPageToken: '' });
    expect(JSON.stringify(listed, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v))).not.toContain(
      added.plainSecret,
    );
    await sdk.m2m.deleteOrganizationClient(orgId, id);
    await refusal(sdk.m2m.getOrganizationClient(orgId, id), 'NOT_FOUND', 404);
    await refusal(sdk.m2m.getOrganizationClient(orgId, ''), 'INVALID_ARGUMENT', 0);
  });

  it("sets the application's callback URLs, with a mask so a list can be cleared", async () => {
    const id = ctx.server.clientId;
    const set = await sdk.clients.updateClient(id, {
      postLoginUris: ['https://app.example.com/callback'],
      postLogoutRedirectUris: ['https://app.example.com/'],
      accessTokenExpiry: 600,
      scopes: ['billing:read'],
    });
    expect(set.client).toMatchObject({
      postLoginUris: ['https://app.example.com/callback'],
      postLogoutRedirectUris: ['https://app.example.com/'],
      accessTokenExpiry: 600n,
      scopes: ['billing:read'],
      clientType: 'confidential',
    });
    const refused = await refusal(
      sdk.clients.updateClient(id, { postLoginUris: ['https://app.example.com/#/cb'] }),
      'INVALID_ARGUMENT',
      400,
    );
    expect(refused.message).toMatch(/fragment/);
    expect((await sdk.clients.getClient(id)).client).toEqual(set.client);

    const cleared = await sdk.clients.updateClient(id, { postLogoutRedirectUris: [], accessTokenExpiry: 0 });
    expect(cleared.client.postLogoutRedirectUris).toEqual([]);
    expect(cleared.client.accessTokenExpiry).toBeUndefined();
    expect(cleared.client.postLoginUris).toEqual(['https://app.example.com/callback']);
    await refusal(sdk.clients.updateClient(id, {}), 'INVALID_ARGUMENT', 0);
  });

  it('creates applications and rotates their secrets', async () => {
    const spa = await sdk.clients.createClient({
      name: 'SPA',
      clientType: 'public',
      postLoginUris: ['http://localhost:5173/callback'],
    });
    expect(spa.client).toMatchObject({ clientType: 'public', enforcePkce: true, secrets: [] });
    const listed = await sdk.clients.listClients({ clientTypes: ['public'] });
    expect(listed.clients.map((c) => c.id)).toEqual([spa.client.id]);

    const web = await sdk.clients.createClient({ name: 'Web', customClaims: { plan: 'pro' } });
    expect(web.client.customClaims).toEqual([{ key: 'plan', value: 'pro' }]);
    const firstPlain = web.client.secrets[0]!.plainSecret!;
    const firstId = web.client.secrets[0]!.id;
    await refusal(sdk.clients.deleteClientSecret(web.client.id, firstId), 'FAILED_PRECONDITION', 400);
    const next = await sdk.clients.createClientSecret(web.client.id);
    const off = await sdk.clients.updateClientSecret(web.client.id, firstId, 'INACTIVE');
    expect(off.secret.status).toBe('INACTIVE');
    expect((await tokenFor(ctx.server.url, web.client.id, firstPlain)).status).toBe(401);
    expect((await tokenFor(ctx.server.url, web.client.id, next.plainSecret)).status).toBe(200);
    await sdk.clients.deleteClientSecret(web.client.id, firstId);
    expect((await sdk.clients.getClient(web.client.id)).client.secrets.map((s) => s.id)).toEqual([
      next.secret.id,
    ]);

    await refusal(sdk.clients.deleteClient(ctx.server.clientId), 'FAILED_PRECONDITION', 400);
    await sdk.clients.deleteClient(web.client.id);
    await sdk.clients.deleteClient(spa.client.id);
    await refusal(sdk.clients.getClient(spa.client.id), 'NOT_FOUND', 404);
  });
});
