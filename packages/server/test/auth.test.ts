// POST /oauth/token (client credentials) and the API's refusal of every token it did not issue,
// over REST and over gRPC; the three protocols on one port; rate limits; secrets at rest.
import { createHash } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { forgedTokens, signWithServerKey, validClaims } from './helpers/forge.ts';
import { expectConnectError, organizationClient, type Protocol } from './helpers/grpc.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, useServer, type TestServer } from './helpers/servers.ts';

type TokenBody = { access_token: string; token_type: string; expires_in: number };

async function tokenRequest(
  server: TestServer,
  params: Record<string, string>,
  options: { basic?: [string, string]; json?: boolean } = {},
) {
  const headers: Record<string, string> = {
    'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
  };
  if (options.basic) {
    const [id, secret] = options.basic.map((part) => encodeURIComponent(part));
    headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  }
  const body = options.json ? JSON.stringify(params) : new URLSearchParams(params).toString();
  return rest(server, 'POST', '/oauth/token', { raw: body, headers });
}

/** The API must refuse `authorization` with 401 / code 16 over REST and Unauthenticated over gRPC. */
async function expectRefused(
  server: TestServer,
  authorization: string | undefined,
  what: string,
  reason?: RegExp,
) {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const res = await rest(server, 'GET', '/api/v1/organizations', { headers });
  expect(res.status, `${what} over REST: ${JSON.stringify(res.body)}`).toBe(401);
  expectRestError(res, 401, 16, 'UNAUTHENTICATED', reason);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  const grpc = organizationClient(server.url, authorization);
  const error = await expectConnectError(grpc.listOrganization({}), Code.Unauthenticated, 'UNAUTHENTICATED');
  if (reason) expect(error.rawMessage).toMatch(reason);
}

describeEachEngine('authentication', (engine) => {
  const ctx = useServer(engine);
  const issuer = () => ctx.server.running.ctx.config.publicUrl;

  describe('POST /oauth/token', () => {
    const expectIssued = async (res: Awaited<ReturnType<typeof tokenRequest>>) => {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = res.body as TokenBody;
      expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 86399 });
      expect(decodeProtectedHeader(body.access_token)).toMatchObject({
        alg: 'RS256',
        kid: expect.any(String),
      });
      const jwks = (await (await fetch(`${ctx.server.url}/keys`)).json()) as JSONWebKeySet;
      const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(jwks), {
        issuer: issuer(),
        audience: issuer(),
        algorithms: ['RS256'],
      });
      expect(payload).toMatchObject({ client_id: ctx.server.clientId, sub: ctx.server.clientId });
      expect(payload.exp! - payload.iat!).toBe(86399);
      // The token it handed out opens the API.
      const api = await rest(ctx.server, 'GET', '/api/v1/organizations', { token: body.access_token });
      expect(api.status).toBe(200);
    };
    const credentials = () => ({
      grant_type: 'client_credentials',
      client_id: ctx.server.clientId,
      client_secret: ctx.server.clientSecret,
    });

    it('issues a verifiable RS256 token with client_secret_post', async () => {
      await expectIssued(await tokenRequest(ctx.server, credentials()));
    });

    it('issues a verifiable RS256 token with client_secret_basic', async () => {
      const basic: [string, string] = [ctx.server.clientId, ctx.server.clientSecret];
      await expectIssued(await tokenRequest(ctx.server, { grant_type: 'client_credentials' }, { basic }));
    });

    it('accepts a JSON body', async () => {
      await expectIssued(await tokenRequest(ctx.server, credentials(), { json: true }));
    });

    it('answers a wrong secret and an unknown client alike: 401 invalid_client', async () => {
      const wrong = await tokenRequest(ctx.server, {
        ...credentials(),
        client_secret: 'not-the-secret-at-all',
      });
      const unknown = await tokenRequest(ctx.server, { ...credentials(), client_id: 'skc_nobody_here' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('invalid_client');
        expect(res.body).not.toHaveProperty('access_token');
      }
      expect(unknown.body).toEqual(wrong.body); // no answer tells whether the client exists
      const basic = await tokenRequest(
        ctx.server,
        { grant_type: 'client_credentials' },
        { basic: [ctx.server.clientId, 'wrong-secret-wrong-secret'] },
      );
      expect(basic.status).toBe(401);
      expect(basic.headers.get('www-authenticate')).toMatch(/^Basic/);
    });

    it('refuses unsupported and missing grant types with 400', async () => {
      for (const grant of ['password', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer']) {
        const res = await tokenRequest(ctx.server, { ...credentials(), grant_type: grant });
        expect({ status: res.status, error: res.body.error }).toEqual({
          status: 400,
          error: 'unsupported_grant_type',
        });
      }
      // The code grant is served (by the OpenID provider), so without a code it is a bad request.
      const noCode = await tokenRequest(ctx.server, { ...credentials(), grant_type: 'authorization_code' });
      expect({ status: noCode.status, error: noCode.body.error }).toEqual({
        status: 400,
        error: 'invalid_request',
      });
      const { grant_type: _omitted, ...withoutGrant } = credentials();
      const missing = await tokenRequest(ctx.server, withoutGrant);
      expect({ status: missing.status, error: missing.body.error }).toEqual({
        status: 400,
        error: 'invalid_request',
      });
    });
  });

  describe('the API refuses what it did not issue', () => {
    it('accepts a token the test signs with the server key and valid claims (the control)', async () => {
      const token = await signWithServerKey(ctx.server, validClaims(ctx.server, ctx.server.clientId));
      expect((await rest(ctx.server, 'GET', '/api/v1/organizations', { token })).status).toBe(200);
      const grpc = organizationClient(ctx.server.url, `Bearer ${token}`);
      expect((await grpc.listOrganization({})).organizations).toBeDefined();
    });

    it('refuses a missing or malformed Authorization header', async () => {
      await expectRefused(ctx.server, undefined, 'no header');
      for (const header of [
        'Bearer',
        'Bearer ',
        `Basic ${ctx.token}`,
        `Bearer ${ctx.token} extra`,
        ctx.token,
      ]) {
        await expectRefused(ctx.server, header, header.slice(0, 20));
      }
    });

    it('refuses every forged, spoiled or expired token', async () => {
      const cases = await forgedTokens(ctx.server, ctx.token);
      expect(cases.length).toBeGreaterThan(10);
      for (const [what, reason, token] of cases)
        await expectRefused(ctx.server, `Bearer ${token}`, what, reason);
    });

    it("refuses the token of a client that was deleted, once the client cache's 30 s have passed", async () => {
      const created = await ctx.server.running.ctx.clients.create({
        kind: 'environment',
        name: 'short-lived',
      });
      const issued = await tokenRequest(ctx.server, {
        grant_type: 'client_credentials',
        client_id: created.client.id,
        client_secret: created.plainSecret,
      });
      const token = (issued.body as TokenBody).access_token;
      expect((await rest(ctx.server, 'GET', '/api/v1/organizations', { token })).status).toBe(200);

      await ctx.server.running.ctx.db.deleteFrom('api_clients').where('id', '=', created.client.id).execute();
      const again = await tokenRequest(ctx.server, {
        grant_type: 'client_credentials',
        client_id: created.client.id,
        client_secret: created.plainSecret,
      });
      expect(again.status).toBe(401); // its secret is gone at once
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 31_000);
        await expectRefused(ctx.server, `Bearer ${token}`, 'deleted client', /no longer exists/);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('one port, three protocols', () => {
    let orgId = '';
    beforeAll(async () => {
      const res = await rest(ctx.server, 'POST', '/api/v1/organizations', {
        token: ctx.token,
        json: { display_name: 'Polyglot' },
      });
      orgId = res.body.organization.id;
    });

    for (const protocol of ['grpc', 'connect', 'grpc-web'] as Protocol[]) {
      it(`serves getOrganization over ${protocol} and refuses it without a token`, async () => {
        const client = organizationClient(ctx.server.url, `Bearer ${ctx.token}`, protocol);
        const { organization } = await client.getOrganization({ identities: { case: 'id', value: orgId } });
        expect(organization).toMatchObject({ id: orgId, displayName: 'Polyglot' });
        await expectConnectError(
          client.getOrganization({ identities: { case: 'id', value: 'org_missing' } }),
          Code.NotFound,
          'NOT_FOUND',
        );
        const anonymous = organizationClient(ctx.server.url, undefined, protocol);
        await expectConnectError(
          anonymous.getOrganization({ identities: { case: 'id', value: orgId } }),
          Code.Unauthenticated,
          'UNAUTHENTICATED',
        );
      });
    }
  });

  describe('secrets at rest', () => {
    it('stores client secrets only as SHA-256 digests', async () => {
      const db = ctx.server.running.ctx.db;
      const rows = await db
        .selectFrom('client_secrets')
        .selectAll()
        .where('client_id', '=', ctx.server.clientId)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.secret_hash).toBe(createHash('sha256').update(ctx.server.clientSecret).digest('hex'));
      const everything = JSON.stringify([rows, await db.selectFrom('api_clients').selectAll().execute()]);
      expect(everything).not.toContain(ctx.server.clientSecret);
      expect(everything).not.toContain(ctx.server.clientSecret.slice(0, 12));
    });

    it('keeps the signing key sealed', async () => {
      const rows = await ctx.server.running.ctx.db.selectFrom('signing_keys').selectAll().execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.private_key).not.toContain('PRIVATE KEY');
        expect(row.private_key).toMatch(/^v1\./);
        expect(ctx.server.running.ctx.box.open(row.private_key)).toContain('BEGIN PRIVATE KEY');
      }
    });
  });

  describe('rate limits', () => {
    describe('GATEHOUSE_RATE_LIMIT_TOKEN=5', () => {
      const limited = useServer(engine, { GATEHOUSE_RATE_LIMIT_TOKEN: '5' });
      it('answers 429 with Retry-After once the burst is spent', async () => {
        // useServer already fetched one token: four more fit in the burst of five.
        const credentials = {
          grant_type: 'client_credentials',
          client_id: limited.server.clientId,
          client_secret: limited.server.clientSecret,
        };
        for (let i = 0; i < 4; i++)
          expect((await tokenRequest(limited.server, credentials)).status).toBe(200);
        const refused = await tokenRequest(limited.server, credentials);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(refused.body).not.toHaveProperty('access_token');
        // Guessing secrets is limited too, before any secret is checked.
        const guess = await tokenRequest(limited.server, {
          ...credentials,
          client_secret: 'guess-guess-guess',
        });
        expect(guess.status).toBe(429);
      });
    });

    describe('GATEHOUSE_RATE_LIMIT_API=10', () => {
      const limited = useServer(engine, { GATEHOUSE_RATE_LIMIT_API: '10' });
      it('answers 429, Retry-After and code 8 once the burst is spent, over REST and gRPC', async () => {
        for (let i = 0; i < 10; i++) {
          expect(
            (await rest(limited.server, 'GET', '/api/v1/organizations', { token: limited.token })).status,
          ).toBe(200);
        }
        const refused = await rest(limited.server, 'GET', '/api/v1/organizations', { token: limited.token });
        expectRestError(refused, 429, 8, 'RESOURCE_EXHAUSTED');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        const grpc = organizationClient(limited.server.url, `Bearer ${limited.token}`);
        const error = await expectConnectError(
          grpc.listOrganization({}),
          Code.ResourceExhausted,
          'RESOURCE_EXHAUSTED',
        );
        expect(Number(error.metadata.get('retry-after'))).toBeGreaterThanOrEqual(1);
      });
    });
  });
});
