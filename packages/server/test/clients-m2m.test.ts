// Organization M2M clients (ClientService, organization part) through the official SDK's `m2m`
// client and over REST: the secret shown once, tokens carrying `oid` and scopes, deletion.
import { ScalekitBadRequestException, ScalekitNotFoundException } from '@scalekit-sdk/node';
import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { tokenFor } from './helpers/clients.ts';
import { INVALID, NOT_FOUND, expectSdkError, officialClient } from './helpers/official-sdk.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('organization M2M clients', (engine) => {
  const ctx = useServer(engine);
  const newOrg = async () =>
    (await officialClient(ctx.server).organization.createOrganization(`Acme ${unique()}`)).organization!.id;

  it('runs the documented flow: list, then create with the secret returned once', async () => {
    const scalekit = officialClient(ctx.server);
    const orgId = await newOrg();
    expect((await scalekit.m2m.listOrganizationClients(orgId, { pageSize: 30 })).clients).toEqual([]);
    const created = await scalekit.m2m.createOrganizationClient(orgId, {
      name: 'Backend Service',
      scopes: ['read:users', 'write:users'],
      customClaims: { tier: 'gold' },
    });
    expect(created.plainSecret).toMatch(/^ghs_/);
    const client = created.client!;
    expect(client).toMatchObject({ name: 'Backend Service', organizationId: orgId });
    expect(client.scopes).toEqual(['read:users', 'write:users']);
    expect(client.secrets).toHaveLength(1);
    expect(client.secrets[0]!.secretSuffix).toBe(created.plainSecret.slice(-4));
    expect(client.secrets[0]!.plainSecret ?? '').toBe('');

    // Never again: neither Get, List nor REST carries the secret.
    const got = await scalekit.m2m.getOrganizationClient(orgId, client.clientId);
    const listed = await scalekit.m2m.listOrganizationClients(orgId);
    const viaRest = await rest(ctx.server, 'GET', `/api/v1/organizations/${orgId}/clients`, {
      token: ctx.token,
    });
    expect(listed.clients.map((c) => c.clientId)).toEqual([client.clientId]);
    expect(listed.totalSize).toBe(1);
    for (const text of [
      JSON.stringify(got, (_k, v) => (typeof v === 'bigint' ? 0 : v)),
      JSON.stringify(viaRest.body),
    ]) {
      expect(text).not.toContain(created.plainSecret);
    }
    expect(viaRest.body.clients[0].client_id).toBe(client.clientId);

    // Its token carries the organization, the scopes and the custom claim.
    const token = await tokenFor(ctx.server.url, client.clientId, created.plainSecret);
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe('read:users write:users');
    const claims = decodeJwt(token.body.access_token!);
    expect(claims).toMatchObject({
      oid: orgId,
      scope: 'read:users write:users',
      tier: 'gold',
      sub: client.clientId,
    });

    // And it is refused on the management API.
    const denied = await rest(ctx.server, 'GET', '/api/v1/organizations', { token: token.body.access_token });
    expectRestError(denied, 403, 7, 'PERMISSION_DENIED');
  });

  it('updates, rotates secrets, deletes, and writes the events without secrets', async () => {
    const scalekit = officialClient(ctx.server);
    const orgId = await newOrg();
    const created = await scalekit.m2m.createOrganizationClient(orgId, { name: 'Worker' });
    const id = created.client!.clientId;
    const updated = await scalekit.m2m.updateOrganizationClient(orgId, id, {
      description: 'nightly jobs',
      scopes: ['jobs:run'],
    });
    expect(updated.client).toMatchObject({
      name: 'Worker',
      description: 'nightly jobs',
      scopes: ['jobs:run'],
    });
    // The change applies to the next token at once on this instance.
    const rescoped = await tokenFor(ctx.server.url, id, created.plainSecret);
    expect(decodeJwt(rescoped.body.access_token!).scope).toBe('jobs:run');

    const second = await scalekit.m2m.addOrganizationClientSecret(orgId, id);
    expect(second.plainSecret).not.toBe(created.plainSecret);
    expect((await tokenFor(ctx.server.url, id, second.plainSecret)).status).toBe(200);
    const first = created.client!.secrets[0]!.id;
    await scalekit.m2m.removeOrganizationClientSecret(orgId, id, first);
    expect((await tokenFor(ctx.server.url, id, created.plainSecret)).status).toBe(401);
    expect((await scalekit.m2m.getOrganizationClient(orgId, id)).client!.secrets.map((s) => s.id)).toEqual([
      second.secret!.id,
    ]);
    await expectSdkError(
      scalekit.m2m.removeOrganizationClientSecret(orgId, id, first),
      ScalekitNotFoundException,
      NOT_FOUND,
    );

    await scalekit.m2m.deleteOrganizationClient(orgId, id);
    expect((await tokenFor(ctx.server.url, id, second.plainSecret)).status).toBe(401);
    await expectSdkError(scalekit.m2m.getOrganizationClient(orgId, id), ScalekitNotFoundException, NOT_FOUND);

    const events = await scalekit.events.listEventsPaginated(100, '', { organizationId: orgId });
    const text = JSON.stringify(events.events, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v));
    for (const type of [
      'client_created',
      'client_updated',
      'client_secret_created',
      'client_secret_deleted',
      'client_deleted',
    ]) {
      expect(text).toContain(`organization.${type}`);
    }
    expect(text).not.toContain(created.plainSecret);
    expect(text).not.toContain(second.plainSecret);
  });

  it('refuses bad input, unknown organizations and clients of other organizations', async () => {
    const scalekit = officialClient(ctx.server);
    const orgA = await newOrg();
    const orgB = await newOrg();
    const { client } = await scalekit.m2m.createOrganizationClient(orgA, { name: 'A' });
    await expectSdkError(
      scalekit.m2m.getOrganizationClient(orgB, client!.clientId),
      ScalekitNotFoundException,
      NOT_FOUND,
    );
    await expectSdkError(
      scalekit.m2m.deleteOrganizationClient(orgB, client!.clientId),
      ScalekitNotFoundException,
      NOT_FOUND,
    );
    await expectSdkError(
      scalekit.m2m.createOrganizationClient('org_0000000000000000', { name: 'x' }),
      ScalekitNotFoundException,
      NOT_FOUND,
    );
    await expectSdkError(
      scalekit.m2m.createOrganizationClient(orgA, {}),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.m2m.createOrganizationClient(orgA, { name: 'x'.repeat(201) }),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.m2m.createOrganizationClient(orgA, { name: 'x', scopes: ['has space'] }),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.m2m.createOrganizationClient(orgA, { name: 'x', customClaims: { oid: 'org_evil' } }),
      ScalekitBadRequestException,
      INVALID,
    );
  });

  it('works over REST, with pages', async () => {
    const orgId = await newOrg();
    const base = `/api/v1/organizations/${orgId}/clients`;
    const made = await rest(ctx.server, 'POST', base, {
      token: ctx.token,
      json: { name: 'one', scopes: ['a'] },
    });
    expect(made.status).toBe(200);
    expect(made.body.plain_secret).toMatch(/^ghs_/);
    for (const name of ['two', 'three'])
      await rest(ctx.server, 'POST', base, { token: ctx.token, json: { name } });
    const page1 = await rest(ctx.server, 'GET', `${base}?page_size=2`, { token: ctx.token });
    const page2 = await rest(
      ctx.server,
      'GET',
      `${base}?page_size=2&page_token=${page1.body.next_page_token}`,
      {
        token: ctx.token,
      },
    );
    expect(page1.body.total_size).toBe(3);
    expect(
      [...page1.body.clients, ...page2.body.clients].map((c: { name: string }) => c.name).sort(),
    ).toEqual(['one', 'three', 'two']);
    const id = made.body.client.client_id;
    const patched = await rest(ctx.server, 'PATCH', `${base}/${id}`, {
      token: ctx.token,
      json: { name: 'uno' },
    });
    expect(patched.body.client).toMatchObject({ name: 'uno', scopes: ['a'] });
    const secret = await rest(ctx.server, 'POST', `${base}/${id}/secrets`, { token: ctx.token });
    expect(secret.body.plain_secret).toMatch(/^ghs_/);
    expect((await rest(ctx.server, 'DELETE', `${base}/${id}`, { token: ctx.token })).status).toBe(200);
    expectRestError(
      await rest(ctx.server, 'GET', `${base}/${id}`, { token: ctx.token }),
      404,
      5,
      'NOT_FOUND',
    );
  });
});

describeEachEngine('organization M2M clients when their organization goes', (engine) => {
  const ctx = useServer(engine);

  it('deletes the clients with the organization, so their secrets stop issuing tokens carrying its oid', async () => {
    const scalekit = officialClient(ctx.server);
    const orgId = (await scalekit.organization.createOrganization(`Gone ${unique()}`)).organization!.id;
    const created = await scalekit.m2m.createOrganizationClient(orgId, {
      name: 'Worker',
      scopes: ['jobs:run'],
    });
    const clientId = created.client!.clientId;
    const before = await tokenFor(ctx.server.url, clientId, created.plainSecret);
    expect(before.status).toBe(200);
    expect(decodeJwt(before.body.access_token!).oid).toBe(orgId);

    await scalekit.organization.deleteOrganization(orgId);
    expect((await tokenFor(ctx.server.url, clientId, created.plainSecret)).status).toBe(401);
    const db = ctx.server.running.ctx.db;
    expect(await db.selectFrom('api_clients').select('id').where('id', '=', clientId).execute()).toEqual([]);
    expect(
      await db.selectFrom('client_secrets').select('id').where('client_id', '=', clientId).execute(),
    ).toEqual([]);
  });
});
