// Paging the webhook endpoint list (REST and our SDK) on every engine: keyset pages in creation
// order with next/prev tokens and total_size, no overlap or gap, and refusals of bad input.
import { beforeAll, expect, it } from 'vitest';
import { Gatehouse } from '../../sdk/src/index.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('webhook endpoint pages', (engine) => {
  const ctx = useServer(engine);
  let sdk: Gatehouse;
  let created: string[];
  const get = (query: string) =>
    rest(ctx.server, 'GET', `/api/v1/webhooks/endpoints${query}`, { token: ctx.token });

  beforeAll(async () => {
    sdk = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
    created = [];
    for (let i = 0; i < 5; i++) {
      created.push((await sdk.webhook.createEndpoint(`https://hooks${i}.example.com/h`)).endpoint.id);
    }
  });

  it('pages over REST with no overlap or gap, forward and back', async () => {
    const all = await get('');
    expect(all.status).toBe(200);
    expect(all.body.total_size).toBe(5);
    expect(all.body.next_page_token).toBe('');
    expect(all.body.endpoints.map((e: { id: string }) => e.id)).toEqual(created);

    const seen: string[] = [];
    const tokens: string[] = [];
    let token = '';
    do {
      const page = await get(`?page_size=2${token ? `&page_token=${token}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.total_size).toBe(5);
      seen.push(...page.body.endpoints.map((e: { id: string }) => e.id));
      token = page.body.next_page_token;
      tokens.push(token);
    } while (token);
    expect(seen).toEqual(created);
    expect(tokens).toHaveLength(3);
    const third = await get(`?page_size=2&page_token=${tokens[1]}`);
    const back = await get(`?page_size=2&page_token=${third.body.prev_page_token}`);
    expect(back.body.endpoints.map((e: { id: string }) => e.id)).toEqual(created.slice(2, 4));
    expect(JSON.stringify(back.body)).not.toContain('whsec_');
  });

  it('refuses bad page sizes and tokens', async () => {
    for (const size of ['-1', '101', 'ten', '1.5']) {
      expectRestError(await get(`?page_size=${size}`), 400, 3, 'INVALID_ARGUMENT', /page_size/);
    }
    expectRestError(await get('?page_token=garbage'), 400, 3, 'INVALID_ARGUMENT', /page_token/);
    const orgToken = Buffer.from('n:org_01234567890123456789012345').toString('base64url');
    expectRestError(await get(`?page_token=${orgToken}`), 400, 3, 'INVALID_ARGUMENT', /page_token/);
  });

  it('pages with our SDK', async () => {
    const first = await sdk.webhook.listEndpoints({ pageSize: 3 });
    expect(first.totalSize).toBe(5);
    expect(first.prevPageToken).toBe('');
    const second = await sdk.webhook.listEndpoints({ pageSize: 3, pageToken: first.nextPageToken });
    expect([...first.endpoints, ...second.endpoints].map((e) => e.id)).toEqual(created);
    expect(second.nextPageToken).toBe('');
    await expect(sdk.webhook.listEndpoints({ pageSize: 0, pageToken: 'x' })).rejects.toMatchObject({
      errorCode: 'INVALID_ARGUMENT',
    });
  });
});
