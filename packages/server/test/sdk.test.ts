// @gatehouse/sdk against a real Gatehouse server, on every available database engine: each
// organization method, the error model, and the token cache (counted through the SDK's `fetch` option).
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { Gatehouse, GatehouseError, Scalekit, ScalekitClient } from '../../sdk/src/index.ts';
import type { Organization } from '../../sdk/src/index.ts';
import { startTestServer, testEngines } from './harness.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
type TokenBody = { access_token: string; token_type: string; expires_in: number };

const unique = (): string => crypto.randomUUID().slice(0, 8);

function urlOf(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return (input as Request).url;
}

/** A fetch that counts token and API requests, and can rewrite what the token endpoint answers. */
function instrumentedFetch(rewriteToken?: (body: TokenBody, tokenRequestNumber: number) => TokenBody) {
  const traffic = { token: 0, api: 0, apiStatuses: [] as number[] };
  const fetchFn: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!new URL(urlOf(input)).pathname.endsWith('/oauth/token')) {
      traffic.api++;
      traffic.apiStatuses.push(response.status);
      return response;
    }
    traffic.token++;
    if (!rewriteToken || !response.ok) return response;
    const body = rewriteToken((await response.json()) as TokenBody, traffic.token);
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { traffic, fetchFn };
}

async function expectGatehouseError(
  promise: Promise<unknown>,
  expected: { status: number; grpcStatus?: number; errorCode?: string },
): Promise<GatehouseError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatehouseError);
  const gatehouseError = error as GatehouseError;
  expect(gatehouseError).toMatchObject(expected);
  expect(gatehouseError.message).not.toBe('');
  return gatehouseError;
}

/** Every key path outside metadata that still has snake_case, i.e. was not converted. */
function snakeKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => snakeKeys(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(key.includes('_') ? [`${path}.${key}`] : []),
    ...(key === 'metadata' ? [] : snakeKeys(inner, `${path}.${key}`)),
  ]);
}

describe('@gatehouse/sdk without a server', () => {
  it('exports Scalekit and ScalekitClient as the Gatehouse class', () => {
    expect(Scalekit).toBe(Gatehouse);
    expect(ScalekitClient).toBe(Gatehouse);
  });

  it('turns a refused connection into a GatehouseError with status 0', async () => {
    const client = new Gatehouse('http://127.0.0.1:9', 'skc_test', 'secret', { timeoutMs: 5_000 });
    const error = await expectGatehouseError(client.organization.listOrganization(), { status: 0 });
    expect(error.errorCode).toBe('UNAVAILABLE');
  });

  it('turns a stalled request into a timeout GatehouseError with status 0', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const client = new Gatehouse('http://gatehouse.invalid', 'skc_test', 'secret', {
      fetch: hang,
      timeoutMs: 50,
    });
    const error = await expectGatehouseError(client.organization.getOrganization('org_1'), { status: 0 });
    expect(error.errorCode).toBe('DEADLINE_EXCEEDED');
    expect(error.message).toMatch(/timed out after 50 ms/);
  });

  it('refuses ids that would change the route before sending anything', async () => {
    const { traffic, fetchFn } = instrumentedFetch();
    const client = new Gatehouse('http://gatehouse.invalid', 'skc_test', 'secret', { fetch: fetchFn });
    for (const id of ['', '.', '..']) {
      await expectGatehouseError(client.organization.getOrganization(id), {
        status: 0,
        errorCode: 'INVALID_ARGUMENT',
      });
    }
    expect(traffic.token + traffic.api).toBe(0);
  });
});

for (const { engine, available } of testEngines()) {
  describe.skipIf(!available)(`@gatehouse/sdk against a Gatehouse server on ${engine}`, () => {
    let server: TestServer;
    let client: Gatehouse;

    beforeAll(async () => {
      server = await startTestServer(engine);
      client = new Gatehouse(server.url, server.clientId, server.clientSecret);
    });
    afterAll(async () => {
      await server?.close();
    });

    const credentials = (): [string, string, string] => [server.url, server.clientId, server.clientSecret];

    describe('organizations', () => {
      it('creates an organization whose fields round-trip through get and getByExternalId', async () => {
        const externalId = `ext-${unique()}`;
        const metadata = { snake_key: 'a', camelKey: 'b', 'Mixed-Case.key': 'c' };
        const before = Date.now();
        const created = await client.organization.createOrganization('Acme Corp', { externalId, metadata });

        const org = created.organization;
        expect(org.id).toMatch(/^org_/);
        expect(org).toMatchObject({ displayName: 'Acme Corp', externalId, metadata });
        expect(Math.abs(Date.parse(org.createTime ?? '') - before)).toBeLessThan(5 * 60_000);
        expect(snakeKeys(created)).toEqual([]);

        expect((await client.organization.getOrganization(org.id)).organization).toEqual(org);
        expect((await client.organization.getOrganizationByExternalId(externalId)).organization).toEqual(org);
      });

      it('encodes path parameters, so any external id round-trips', async () => {
        const externalId = `acme/eu team?x=1#${unique()}`;
        const { organization } = await client.organization.createOrganization('Encoded', { externalId });
        const found = await client.organization.getOrganizationByExternalId(externalId);
        expect(found.organization.id).toBe(organization.id);
      });

      it('updates only the given fields, by id and by external id', async () => {
        const externalId = `ext-${unique()}`;
        const { organization } = await client.organization.createOrganization('Before', {
          externalId,
          metadata: { tier: 'free' },
        });
        const renamed = await client.organization.updateOrganization(organization.id, {
          displayName: 'After',
        });
        expect(renamed.organization).toMatchObject({ id: organization.id, displayName: 'After', externalId });
        expect(renamed.organization.metadata).toEqual({ tier: 'free' });

        const newExternalId = `ext-${unique()}`;
        const moved = await client.organization.updateOrganizationByExternalId(externalId, {
          externalId: newExternalId,
          metadata: { tier: 'enterprise', account_manager: 'jo' },
        });
        expect(moved.organization).toMatchObject({ displayName: 'After', externalId: newExternalId });
        expect(moved.organization.metadata).toEqual({ tier: 'enterprise', account_manager: 'jo' });
        expect(Date.parse(moved.organization.updateTime ?? '')).toBeGreaterThanOrEqual(
          Date.parse(organization.createTime ?? ''),
        );
        const fetched = await client.organization.getOrganizationByExternalId(newExternalId);
        expect(fetched.organization).toEqual(moved.organization);
      });

      it('pages through every organization with no overlap, no gap and the right totalSize', async () => {
        const created = new Set<string>();
        for (let i = 0; i < 7; i++) {
          created.add((await client.organization.createOrganization(`Paged ${i}`)).organization.id);
        }
        const seen: string[] = [];
        const pageSizes: number[] = [];
        let pageToken: string | undefined;
        let totalSize = -1;
        for (let guard = 0; guard < 1000; guard++) {
          const page = await client.organization.listOrganization({ pageSize: 3, pageToken });
          if (totalSize === -1) totalSize = page.totalSize;
          expect(page.totalSize).toBe(totalSize);
          seen.push(...page.organizations.map((org: Organization) => org.id));
          pageSizes.push(page.organizations.length);
          pageToken = page.nextPageToken;
          if (!pageToken) break;
        }
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBe(totalSize);
        expect(pageSizes.slice(0, -1).every((size) => size === 3)).toBe(true);
        for (const id of created) expect(seen).toContain(id);
      });

      it('lists by external id', async () => {
        const externalId = `ext-${unique()}`;
        const { organization } = await client.organization.createOrganization('Filtered', { externalId });
        const page = await client.organization.listOrganization({ externalId });
        expect(page.organizations.map((org: Organization) => org.id)).toEqual([organization.id]);
      });

      it('searches by name, with pagination', async () => {
        const word = `Searchable${unique()}`;
        const a = await client.organization.createOrganization(`${word} One`);
        const b = await client.organization.createOrganization(`${word} Two`);
        const first = await client.organization.searchOrganization(word, 1);
        expect(first.organizations).toHaveLength(1);
        expect(first.totalSize).toBe(2);
        expect(first.nextPageToken).not.toBe('');
        const second = await client.organization.searchOrganization(word, 1, first.nextPageToken);
        const ids = [...first.organizations, ...second.organizations]
          .map((org: Organization) => org.id)
          .sort();
        expect(ids).toEqual([a.organization.id, b.organization.id].sort());
      });

      it('deletes, after which the organization is not found', async () => {
        const { organization } = await client.organization.createOrganization('Doomed');
        expect(await client.organization.deleteOrganization(organization.id)).toEqual({});
        await expectGatehouseError(client.organization.getOrganization(organization.id), {
          status: 404,
          grpcStatus: 5,
          errorCode: 'NOT_FOUND',
        });
      });

      it('reports unknown organizations as 404 NOT_FOUND', async () => {
        const notFound = { status: 404, grpcStatus: 5, errorCode: 'NOT_FOUND' };
        await expectGatehouseError(client.organization.getOrganization(`org_${unique()}`), notFound);
        await expectGatehouseError(
          client.organization.getOrganizationByExternalId(`nope-${unique()}`),
          notFound,
        );
        await expectGatehouseError(
          client.organization.updateOrganization(`org_${unique()}`, { displayName: 'x' }),
          notFound,
        );
      });

      it('refuses a duplicate external id with 409 ALREADY_EXISTS', async () => {
        const externalId = `dup-${unique()}`;
        await client.organization.createOrganization('First', { externalId });
        await expectGatehouseError(client.organization.createOrganization('Second', { externalId }), {
          status: 409,
          grpcStatus: 6,
          errorCode: 'ALREADY_EXISTS',
        });
      });
    });

    describe('organization settings and portal links', () => {
      let orgId: string;
      beforeAll(async () => {
        orgId = (await client.organization.createOrganization('Settings Co')).organization.id;
      });

      it('generates a portal link under the server URL, then lists and deletes links', async () => {
        const link = await client.organization.generatePortalLink(orgId);
        expect(link.id).not.toBe('');
        // Links are built on the server's public URL (GATEHOUSE_PUBLIC_URL), which here names the
        // same port as the address the test connects to, though perhaps by another host name.
        const publicUrl = server.running.url.replace(/\/+$/, '');
        expect(link.location.startsWith(`${publicUrl}/`)).toBe(true);
        expect(new URL(link.location).port).toBe(new URL(server.url).port);
        expect(Date.parse(link.expireTime ?? '')).toBeGreaterThan(Date.now());

        const withFeatures = await client.organization.generatePortalLink(orgId, ['sso', 'dir_sync']);
        expect(withFeatures.id).not.toBe(link.id);
        const listed = await client.organization.getPortalLinks(orgId);
        expect(listed.links.map((l) => l.id)).toContain(withFeatures.id);

        await client.organization.deletePortalLinkById(orgId, withFeatures.id);
        expect((await client.organization.getPortalLinks(orgId)).links.map((l) => l.id)).not.toContain(
          withFeatures.id,
        );

        await client.organization.generatePortalLink(orgId);
        await client.organization.deletePortalLink(orgId);
        expect((await client.organization.getPortalLinks(orgId)).links).toEqual([]);
      });

      it('switches features on and off', async () => {
        const features = [
          { name: 'sso', enabled: true },
          { name: 'dir_sync', enabled: false },
        ];
        const updated = await client.organization.updateOrganizationSettings(orgId, { features });
        expect(updated.organization.settings?.features).toEqual(expect.arrayContaining(features));
        const fetched = await client.organization.getOrganization(orgId);
        expect(fetched.organization.settings?.features).toEqual(expect.arrayContaining(features));
      });

      it('sets a custom session policy and reverts it to the application policy', async () => {
        const custom = {
          policySource: 'CUSTOM',
          absoluteSessionTimeout: 360,
          absoluteSessionTimeoutUnit: 'MINUTES',
          idleSessionTimeoutEnabled: true,
          idleSessionTimeout: 84,
          idleSessionTimeoutUnit: 'MINUTES',
        } as const;
        expect(await client.organization.updateOrganizationSessionPolicy(orgId, custom)).toMatchObject(
          custom,
        );
        expect(await client.organization.getOrganizationSessionPolicy(orgId)).toMatchObject(custom);

        const reverted = await client.organization.updateOrganizationSessionPolicy(orgId, {
          policySource: 'APPLICATION',
        });
        expect(reverted.policySource).toBe('APPLICATION');
        expect((await client.organization.getOrganizationSessionPolicy(orgId)).policySource).toBe(
          'APPLICATION',
        );
      });

      it('sets and removes the maximum number of users', async () => {
        const settings = await client.organization.upsertUserManagementSettings(orgId, {
          maxAllowedUsers: 50,
        });
        expect(settings?.maxAllowedUsers).toBe(50);
        const fetched = await client.organization.getOrganizationUserManagementSetting(orgId);
        expect(fetched.settings?.maxAllowedUsers).toBe(50);

        await client.organization.upsertUserManagementSettings(orgId, { maxAllowedUsers: null });
        const cleared = await client.organization.getOrganizationUserManagementSettings(orgId);
        expect(cleared.settings?.maxAllowedUsers ?? null).toBeNull();
      });
    });

    describe('authentication', () => {
      it('rejects a wrong client secret with 401 UNAUTHENTICATED, without retrying', async () => {
        const { traffic, fetchFn } = instrumentedFetch();
        const [url, clientId] = credentials();
        const wrong = new Gatehouse(url, clientId, 'not-the-secret', { fetch: fetchFn });
        await expectGatehouseError(wrong.organization.listOrganization(), {
          status: 401,
          grpcStatus: 16,
          errorCode: 'UNAUTHENTICATED',
        });
        expect(traffic).toMatchObject({ token: 1, api: 0 });
      });

      it('caches the token across sequential and concurrent calls', async () => {
        const { traffic, fetchFn } = instrumentedFetch();
        const cached = new Gatehouse(...credentials(), { fetch: fetchFn });
        await Promise.all(
          Array.from({ length: 5 }, () => cached.organization.listOrganization({ pageSize: 1 })),
        );
        await cached.organization.listOrganization({ pageSize: 1 });
        await cached.organization.listOrganization({ pageSize: 1 });
        expect(traffic).toMatchObject({ token: 1, api: 7 });
      });

      it('renews the token when it is within 60 s of expiry', async () => {
        // The SDK is told the token lives 300 s; the server's real token lives longer.
        const { traffic, fetchFn } = instrumentedFetch((body) => ({ ...body, expires_in: 300 }));
        const renewing = new Gatehouse(...credentials(), { fetch: fetchFn });
        await renewing.organization.listOrganization({ pageSize: 1 });
        // The server runs in this process, so its clock must not move: Date.now is faked only while
        // the SDK starts a call, which is when it decides (synchronously) whether to renew.
        const listAt = async (msFromNow: number) => {
          const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + msFromNow);
          const pending = renewing.organization.listOrganization({ pageSize: 1 });
          clock.mockRestore();
          await pending;
        };
        await listAt(200_000);
        expect(traffic.token).toBe(1);
        await listAt(250_000);
        expect(traffic.token).toBe(2);
        expect(traffic.api).toBe(3);
      });

      it('fetches a fresh token and retries once when the cached token is refused', async () => {
        const { traffic, fetchFn } = instrumentedFetch((body, n) =>
          n === 1 ? { ...body, access_token: `corrupted-${body.access_token}` } : body,
        );
        const retrying = new Gatehouse(...credentials(), { fetch: fetchFn });
        const page = await retrying.organization.listOrganization({ pageSize: 1 });
        expect(page.totalSize).toBeGreaterThanOrEqual(0);
        expect(traffic).toMatchObject({ token: 2, api: 2, apiStatuses: [401, 200] });
        await retrying.organization.listOrganization({ pageSize: 1 });
        expect(traffic).toMatchObject({ token: 2, api: 3 });
      });

      it('gives up with 401 when the fresh token is refused too', async () => {
        const { traffic, fetchFn } = instrumentedFetch((body) => ({ ...body, access_token: 'corrupted' }));
        const hopeless = new Gatehouse(...credentials(), { fetch: fetchFn });
        await expectGatehouseError(hopeless.organization.listOrganization(), { status: 401, grpcStatus: 16 });
        expect(traffic).toMatchObject({ token: 2, api: 2 });
      });
    });
  });
}
