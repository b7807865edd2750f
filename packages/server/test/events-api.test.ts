// EventsService (ListEvents, ListEventsPaginated) through the official SDK, our SDK and REST, on
// every engine: newest-first order, filters, keyset pages with no overlap or gap in either
// direction, the same object webhooks deliver, and refusals of bad input.
import { ScalekitBadRequestException, type Scalekit } from '@scalekit-sdk/node';
import { ObjectType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js';
import { beforeAll, expect, it } from 'vitest';
import { Gatehouse } from '../../sdk/src/index.ts';
import { eventJson } from '../src/events/event-payload.ts';
import { expectSdkError, officialClient } from './helpers/official-sdk.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

const INVALID = { httpStatus: 400, grpcStatus: 3, errorCode: 'INVALID_ARGUMENT' };

describeEachEngine('events API', (engine) => {
  const ctx = useServer(engine);
  let official: Scalekit;
  let sdk: Gatehouse;
  let orgA: string;
  let orgB: string;
  /** orgA's events, newest first, as the database orders them. */
  let expectedA: string[];

  const post = (path: string, json: unknown) => rest(ctx.server, 'POST', path, { token: ctx.token, json });

  beforeAll(async () => {
    official = officialClient(ctx.server);
    sdk = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
    const create = async () =>
      (await post('/api/v1/organizations', { display_name: `Events ${unique()}` })).body.organization
        .id as string;
    orgA = await create();
    orgB = await create();
    for (let i = 0; i < 4; i++) {
      const res = await rest(ctx.server, 'PATCH', `/api/v1/organizations/${orgA}`, {
        token: ctx.token,
        json: { display_name: `Renamed ${i}` },
      });
      expect(res.status).toBe(200);
    }
    const rows = await ctx.server.running.ctx.db
      .selectFrom('events')
      .select('id')
      .where('organization_id', '=', orgA)
      .orderBy('seq', 'desc')
      .execute();
    expectedA = rows.map((r) => r.id);
    expect(expectedA).toHaveLength(5);
  });

  it('lists an organization’s events newest first, as webhooks deliver them (official SDK)', async () => {
    const res = await official.events.listEventsPaginated(100, '', { organizationId: orgA });
    expect(res.events.map((e) => e.id)).toEqual(expectedA);
    expect(res.events.map((e) => e.type)).toEqual([
      ...Array(4).fill('organization.updated'),
      'organization.created',
    ]);
    expect(res.nextPageToken).toBe('');
    expect(res.prevPageToken).toBe('');
    const [newest] = res.events;
    expect(newest).toMatchObject({
      specVersion: '1',
      organizationId: orgA,
      environmentId: ctx.server.running.ctx.environmentId,
      object: ObjectType.Organization,
      displayName: 'An organization or its settings changed',
    });
    expect(newest?.data).toMatchObject({ organization: { id: orgA, display_name: 'Renamed 3' } });
    // Field for field what a webhook delivery of the same event carries.
    const row = await ctx.server.running.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', newest?.id ?? '')
      .executeTakeFirstOrThrow();
    const delivered = eventJson(row);
    expect(newest?.data).toEqual(delivered.data);
    expect(
      newest?.occurredAt &&
        new Date(Number(newest.occurredAt.seconds) * 1000 + newest.occurredAt.nanos / 1e6).toISOString(),
    ).toBe(delivered.occurred_at);
  });

  it('pages forward and back with no overlap or gap (official SDK)', async () => {
    const seen: string[] = [];
    const tokens: string[] = [''];
    let token = '';
    do {
      const page = await official.events.listEventsPaginated(2, token, { organizationId: orgA });
      expect(page.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.events.map((e) => e.id));
      token = page.nextPageToken;
      if (token) tokens.push(token);
    } while (token);
    expect(seen).toEqual(expectedA);
    expect(tokens).toHaveLength(3);
    // Back from the last page: the prev token gives exactly the page before it.
    const last = await official.events.listEventsPaginated(2, tokens[2], { organizationId: orgA });
    const back = await official.events.listEventsPaginated(2, last.prevPageToken, { organizationId: orgA });
    expect(back.events.map((e) => e.id)).toEqual(expectedA.slice(2, 4));
    const first = await official.events.listEventsPaginated(2, back.prevPageToken, { organizationId: orgA });
    expect(first.events.map((e) => e.id)).toEqual(expectedA.slice(0, 2));
    expect(first.prevPageToken).toBe('');
  });

  it('new events do not shift later pages', async () => {
    const page1 = await official.events.listEventsPaginated(2, '', { organizationId: orgA });
    await rest(ctx.server, 'PATCH', `/api/v1/organizations/${orgA}`, {
      token: ctx.token,
      json: { display_name: 'Later' },
    });
    const page2 = await official.events.listEventsPaginated(2, page1.nextPageToken, { organizationId: orgA });
    expect(page2.events.map((e) => e.id)).toEqual(expectedA.slice(2, 4));
    const all = await official.events.listEventsPaginated(100, '', { organizationId: orgA });
    expectedA = all.events.map((e) => e.id);
    expect(expectedA).toHaveLength(6);
  });

  it('filters by type, organization, time window and identifiers', async () => {
    const updated = await official.events.listEventsPaginated(100, '', {
      organizationId: orgA,
      eventTypes: ['organization.updated'],
    });
    expect(updated.events.length).toBe(expectedA.length - 1);
    expect(new Set(updated.events.map((e) => e.type))).toEqual(new Set(['organization.updated']));
    const created = await official.events.listEventsPaginated(100, '', {
      eventTypes: ['organization.created'],
    });
    const createdIds = created.events.map((e) => e.organizationId);
    expect(createdIds).toContain(orgA);
    expect(createdIds).toContain(orgB);
    const onlyB = await official.events.listEventsPaginated(100, '', { organizationId: orgB });
    expect(onlyB.events.map((e) => e.type)).toEqual(['organization.created']);

    // Window: start is inclusive, end exclusive.
    const all = await official.events.listEventsPaginated(100, '', { organizationId: orgA });
    const oldest = all.events[all.events.length - 1]!;
    const from = await official.events.listEventsPaginated(100, '', {
      organizationId: orgA,
      startTime: oldest.occurredAt,
    });
    expect(from.events).toHaveLength(all.events.length);
    const until = await official.events.listEventsPaginated(100, '', {
      organizationId: orgA,
      endTime: oldest.occurredAt,
    });
    expect(until.events).toHaveLength(0);
    const past = await official.events.listEventsPaginated(100, '', {
      endTime: { seconds: 946684800n, nanos: 0 },
    });
    expect(past.events).toHaveLength(0);
    const future = await official.events.listEventsPaginated(100, '', {
      startTime: { seconds: 4102444800n, nanos: 0 },
    });
    expect(future.events).toHaveLength(0);
    // Gatehouse records no connection events: the filter matches nothing rather than being ignored.
    const byConnection = await official.events.listEventsPaginated(100, '', { connectionId: 'conn_1' });
    expect(byConnection.events).toHaveLength(0);
  });

  it('refuses bad tokens and windows; clamps the page size (official SDK)', async () => {
    await expectSdkError(
      official.events.listEventsPaginated(10, 'not-a-token'),
      ScalekitBadRequestException,
      INVALID,
    );
    const otherList = Buffer.from('n:org_01234567890123456789012345').toString('base64url');
    await expectSdkError(
      official.events.listEventsPaginated(10, otherList),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      official.events.listEventsPaginated(10, '', {
        startTime: { seconds: 1_800_000_000n, nanos: 0 },
        endTime: { seconds: 1_700_000_000n, nanos: 0 },
      }),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      official.events.listEventsPaginated(10, '', { eventTypes: ['Not A Type!'] }),
      ScalekitBadRequestException,
      INVALID,
    );
    const big = await official.events.listEventsPaginated(1000, '');
    expect(big.events.length).toBeLessThanOrEqual(100);
  });

  it('answers over REST with a count on ListEvents and none on the paginated form', async () => {
    const res = await post('/api/v1/events?page_size=2', { organization_id: orgA });
    expect(res.status).toBe(200);
    expect(res.body.total_size).toBe(expectedA.length);
    expect(res.body.events.map((e: { id: string }) => e.id)).toEqual(expectedA.slice(0, 2));
    expect(res.body.events[0]).toMatchObject({
      spec_version: '1',
      type: 'organization.updated',
      organization_id: orgA,
      object: 'Organization',
      data: { organization: { id: orgA } },
    });
    const next = await post(`/api/v1/events?page_size=2&page_token=${res.body.next_page_token}`, {
      organization_id: orgA,
    });
    expect(next.body.events.map((e: { id: string }) => e.id)).toEqual(expectedA.slice(2, 4));
    const paginated = await post('/api/v1/events/paginated', {
      organization_id: orgA,
      event_types: ['organization.created'],
    });
    expect(paginated.status).toBe(200);
    expect(paginated.body.events).toHaveLength(1);
    expect(paginated.body.total_size).toBeUndefined();
  });

  it('refuses bad input over REST', async () => {
    expectRestError(await post('/api/v1/events?page_size=-1', {}), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(await post('/api/v1/events?page_size=ten', {}), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(
      await post('/api/v1/events?page_token=zzz', {}),
      400,
      3,
      'INVALID_ARGUMENT',
      /page_token/,
    );
    expectRestError(await post('/api/v1/events', { start_time: 'yesterday' }), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(
      await post('/api/v1/events', { start_time: '2030-01-01T00:00:00Z', end_time: '2020-01-01T00:00:00Z' }),
      400,
      3,
      'INVALID_ARGUMENT',
      /start_time/,
    );
    expectRestError(await post('/api/v1/events', { source: 'NOPE' }), 400, 3, 'INVALID_ARGUMENT');
    const anonymous = await rest(ctx.server, 'POST', '/api/v1/events', { json: {} });
    expect(anonymous.status).toBe(401);
  });

  it('pages with our SDK, keeping data keys as delivered', async () => {
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await sdk.events.listEvents({ pageSize: 4, pageToken, filter: { organizationId: orgA } });
      expect(page.totalSize).toBe(expectedA.length);
      seen.push(...page.events.map((e) => e.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(seen).toEqual(expectedA);
    expect(pages).toBe(2);
    const res = await sdk.events.listEventsPaginated(1, '', {
      organizationId: orgA,
      eventTypes: ['organization.created'],
      startTime: new Date(0),
    });
    expect(res).not.toHaveProperty('totalSize');
    expect(res.events[0]).toMatchObject({
      type: 'organization.created',
      object: 'Organization',
      organizationId: orgA,
      occurredAt: expect.any(String),
      data: { organization: { id: orgA, display_name: expect.any(String) } },
    });
    await expect(sdk.events.listEventsPaginated(5, 'bogus')).rejects.toMatchObject({
      errorCode: 'INVALID_ARGUMENT',
    });
  });
});
