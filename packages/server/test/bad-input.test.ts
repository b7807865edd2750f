// Hostile and malformed input over REST: every case is a 400 with code 3 and a message that names
// what was wrong, nothing is written (organizations and events counted before and after), and the
// server stays up (/healthz after each case).
import { describe, expect, it } from 'vitest';
import { writeCounts } from './helpers/db.ts';
import { expectRestError, rest, type RestOptions } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

interface BadCase {
  name: string;
  method?: string;
  /** Defaults to POST /api/v1/organizations; `{org}` is replaced by an existing organization id. */
  path?: string;
  body?: RestOptions;
  message: RegExp;
  errorCode?: string;
}

const nested = (depth: number): string => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
const MB = 1024 * 1024;

const CASES: BadCase[] = [
  { name: 'malformed JSON', body: { raw: '{"display_name": "x",' }, message: /JSON/ },
  { name: 'an empty body', body: { raw: '' }, message: /organization/ },
  {
    name: 'a form-encoded body',
    body: { raw: 'display_name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    message: /JSON/,
  },
  { name: 'a body that is not an object', body: { raw: '[1, 2]' }, message: /organization|array|object/i },
  { name: 'display_name of the wrong type', body: { json: { display_name: 5 } }, message: /display_name/ },
  {
    name: 'metadata values of the wrong type',
    body: { json: { display_name: 'x', metadata: { a: 1 } } },
    message: /metadata/,
  },
  { name: 'an unknown field', body: { json: { display_name: 'x', is_admin: true } }, message: /is_admin/ },
  {
    name: 'an unknown enum value',
    body: { json: { display_name: 'x', region_code: 'XX' } },
    message: /region_code/,
  },
  { name: 'an empty display_name', body: { json: { display_name: '' } }, message: /display_name/ },
  { name: 'a blank display_name', body: { json: { display_name: '   \t' } }, message: /display_name/ },
  {
    name: 'a display_name over 200 characters',
    body: { json: { display_name: 'x'.repeat(201) } },
    message: /display_name/,
  },
  {
    name: 'an external_id over 255 characters',
    body: { json: { display_name: 'x', external_id: 'e'.repeat(256) } },
    message: /external_id/,
  },
  {
    name: 'a logo_url that is not http(s)',
    body: { json: { display_name: 'x', logo_url: 'javascript:alert(1)' } },
    message: /logo_url/,
  },
  {
    name: 'a slug that is not DNS-safe',
    body: { json: { display_name: 'x', slug: 'Not A Slug!' } },
    message: /slug/,
  },
  {
    name: 'more than 50 metadata keys',
    body: {
      json: {
        display_name: 'x',
        metadata: Object.fromEntries([...Array(51).keys()].map((i) => [`k${i}`, 'v'])),
      },
    },
    message: /metadata/,
  },
  {
    name: 'a body over 1 MB',
    body: { json: { display_name: 'x'.repeat(MB + 10) } },
    message: /exceeds/,
    errorCode: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'JSON nested 100 levels deep',
    body: { raw: `{"display_name":"x","metadata":${nested(100)}}` },
    message: /nested/,
  },
  {
    name: 'arrays nested 100 levels deep',
    body: { raw: `{"display_name":${'['.repeat(100)}${']'.repeat(100)}}` },
    message: /nested/,
  },
  {
    name: 'a top-level __proto__ key',
    body: { raw: '{"display_name":"x","__proto__":{"polluted":"yes"}}' },
    message: /__proto__/,
  },
  {
    name: 'a __proto__ key in metadata',
    body: { raw: '{"display_name":"x","metadata":{"__proto__":"yes"}}' },
    message: /__proto__/,
  },
  {
    name: 'a constructor.prototype path',
    body: { raw: '{"display_name":"x","constructor":{"prototype":{"polluted":"yes"}}}' },
    message: /constructor/,
  },
  {
    name: 'invalid UTF-8 bytes',
    body: {
      raw: Buffer.concat([
        Buffer.from('{"display_name":"'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}'),
      ]),
    },
    message: /UTF-8/,
  },
  {
    name: 'page_size 1000',
    method: 'GET',
    path: '/api/v1/organizations?page_size=1000',
    message: /page_size/,
  },
  {
    name: 'page_size that is not a number',
    method: 'GET',
    path: '/api/v1/organizations?page_size=ten',
    message: /page_size/,
  },
  {
    name: 'search page_size 1000',
    method: 'GET',
    path: '/api/v1/organizations:search?query=a&page_size=1000',
    message: /page_size/,
  },
  {
    name: 'an update with the wrong type',
    method: 'PATCH',
    path: '/api/v1/organizations/{org}',
    body: { json: { display_name: ['x'] } },
    message: /display_name/,
  },
  {
    name: 'an update with an empty display_name',
    method: 'PATCH',
    path: '/api/v1/organizations/{org}',
    body: { json: { display_name: '' } },
    message: /display_name/,
  },
  {
    name: 'an update with an unknown field',
    method: 'PATCH',
    path: '/api/v1/organizations/{org}',
    body: { json: { owner: 'me' } },
    message: /owner/,
  },
  {
    name: 'settings naming an unknown feature',
    method: 'PATCH',
    path: '/api/v1/organizations/{org}/settings',
    body: { json: { features: [{ name: 'telepathy', enabled: true }] } },
    message: /telepathy/,
  },
  {
    name: 'a session policy with an unknown enum',
    method: 'PATCH',
    path: '/api/v1/organizations/{org}/session-policy',
    body: { json: { policy_source: 'SOMETIMES' } },
    message: /policy_source/,
  },
  {
    name: 'a negative user limit',
    method: 'PATCH',
    path: '/api/v1/organizations/{org}/settings/usermanagement',
    body: { json: { settings: { max_allowed_users: -1 } } },
    message: /max_allowed_users/,
  },
];

describeEachEngine('bad input over REST', (engine) => {
  const ctx = useServer(engine);
  let orgId = '';

  it('has an organization to aim updates at', async () => {
    const res = await rest(ctx.server, 'POST', '/api/v1/organizations', {
      token: ctx.token,
      json: { display_name: 'Target', metadata: { keep: 'me' } },
    });
    expect(res.status).toBe(200);
    orgId = res.body.organization.id;
  });

  describe.each(CASES)('$name', (bad) => {
    it('is refused with 400 and code 3, writes nothing, and the server stays up', async () => {
      const before = await writeCounts(ctx.server);
      const target = await rest(ctx.server, 'GET', `/api/v1/organizations/${orgId}`, { token: ctx.token });
      const path = (bad.path ?? '/api/v1/organizations').replace('{org}', orgId);
      const res = await rest(ctx.server, bad.method ?? 'POST', path, { token: ctx.token, ...bad.body });
      expectRestError(res, 400, 3, bad.errorCode ?? 'INVALID_ARGUMENT', bad.message);
      expect(await writeCounts(ctx.server)).toEqual(before);
      expect(
        (await rest(ctx.server, 'GET', `/api/v1/organizations/${orgId}`, { token: ctx.token })).body,
      ).toEqual(target.body);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await rest(ctx.server, 'GET', '/healthz')).status).toBe(200);
    });
  });

  it('refuses a streamed body (no content-length) over 1 MB', async () => {
    const before = await writeCounts(ctx.server);
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"display_name":"'));
      },
      pull(controller) {
        if (sent++ < 32)
          controller.enqueue(chunk); // 2 MB in all
        else {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        }
      },
    });
    const res = await fetch(`${ctx.server.url}/api/v1/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: number }).code).toBe(3);
    expect(await writeCounts(ctx.server)).toEqual(before);
    expect((await rest(ctx.server, 'GET', '/healthz')).status).toBe(200);
  });

  it('still serves a well-formed request after all of that', async () => {
    const res = await rest(ctx.server, 'POST', '/api/v1/organizations', {
      token: ctx.token,
      json: { display_name: 'Fine', metadata: { ok: 'yes' } },
    });
    expect(res.status).toBe(200);
  });
});
