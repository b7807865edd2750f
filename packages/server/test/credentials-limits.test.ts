// Limits on credential attempts: per account and per IP, counted in the database so that two
// instances on one database share them, race-proof under parallel guesses, answered with
// RESOURCE_EXHAUSTED and a retry-after (HTTP 429 + Retry-After on the API).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../src/contract/api-error.ts';
import { accountBucket, ipBucket } from '../src/credentials/attempt-limits.ts';
import { STRONG_PASSWORD, expectApiError } from './helpers/credentials.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique } from './helpers/servers.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const LIMITS = {
  GATEHOUSE_LOGIN_LIMIT_ACCOUNT: '3',
  GATEHOUSE_LOGIN_LIMIT_IP: '8',
  GATEHOUSE_LOGIN_LIMIT_MAIL: '2',
  GATEHOUSE_LOGIN_LIMIT_WINDOW_SECONDS: '120',
};

describeEachEngine('credential attempt limits', (engine) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer(engine, LIMITS);
    b = await startTestServer(
      engine,
      { ...LIMITS, GATEHOUSE_PUBLIC_URL: a.running.url },
      { databaseUrl: a.databaseUrl, dataDir: a.dataDir },
    );
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const account = async () => {
    const email = `limit-${unique()}@example.com`;
    await a.running.ctx.passwords.signUp({ email, password: STRONG_PASSWORD });
    return email;
  };
  const wrong = (server: TestServer, email: string, ip: string) =>
    server.running.ctx.passwords.signIn({ email, password: 'not the password at all', ip });

  it('shuts an account after 3 failures, across instances, before checking any password', async () => {
    const email = await account();
    await expectApiError(wrong(a, email, '203.0.113.1'), 'UNAUTHENTICATED');
    await expectApiError(wrong(b, email, '203.0.113.2'), 'UNAUTHENTICATED');
    await expectApiError(wrong(a, email, '203.0.113.3'), 'UNAUTHENTICATED');
    // The fourth attempt, on the other instance and from another IP, is refused — even the right password.
    const refused = await expectApiError(
      b.running.ctx.passwords.signIn({ email, password: STRONG_PASSWORD, ip: '203.0.113.4' }),
      'RESOURCE_EXHAUSTED',
      /too many attempts/,
    );
    expect(refused.retryAfterSeconds).toBeGreaterThan(100);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(refused.httpStatus).toBe(429);
    // Another account is not affected.
    const other = await account();
    await expectApiError(wrong(a, other, '203.0.113.5'), 'UNAUTHENTICATED');
  });

  it('counts failures only: a successful sign-in clears the account and gives back the IP attempt', async () => {
    const email = await account();
    const ip = '203.0.113.10';
    for (let round = 0; round < 3; round++) {
      await expectApiError(wrong(a, email, ip), 'UNAUTHENTICATED');
      await expectApiError(wrong(b, email, ip), 'UNAUTHENTICATED');
      await a.running.ctx.passwords.signIn({ email, password: STRONG_PASSWORD, ip });
    }
    const rows = await a.running.ctx.db
      .selectFrom('credential_attempts')
      .selectAll()
      .where('bucket', 'in', [accountBucket('login', email), ipBucket('login', ip)])
      .execute();
    // 6 failures from the IP (its limit is 8), none left on the account.
    expect(rows.map((r) => [r.bucket, Number(r.count)])).toEqual([[ipBucket('login', ip), 6]]);
  });

  it('limits one IP across many accounts, counting an IPv6 client by its /64', async () => {
    const emails = await Promise.all(Array.from({ length: 4 }, account));
    for (let i = 0; i < 8; i++) {
      await expectApiError(wrong(i % 2 ? a : b, emails[i % 4]!, `2001:db8:1:2::${i + 1}`), 'UNAUTHENTICATED');
    }
    await expectApiError(wrong(a, emails[0]!, '2001:db8:1:2:ffff::9'), 'RESOURCE_EXHAUSTED');
    expect(ipBucket('login', '2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('login-ip:2001:db8:1:2::/64');
    expect(ipBucket('login', '::ffff:192.0.2.7')).toBe('login-ip:192.0.2.7');
    // Another /64 is a different client.
    await expectApiError(wrong(a, emails[1]!, '2001:db8:1:3::1'), 'UNAUTHENTICATED');
  });

  it('cannot be outrun by parallel guesses on two instances', async () => {
    const email = await account();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        wrong(i % 2 ? a : b, email, `198.18.0.${i}`).then(
          () => 'signed in',
          (error: ApiError) => error.errorCode,
        ),
      ),
    );
    expect(results.filter((r) => r === 'UNAUTHENTICATED')).toHaveLength(3);
    expect(results.filter((r) => r === 'RESOURCE_EXHAUSTED')).toHaveLength(9);
  });

  it('opens a new window when the old one has passed', async () => {
    const attempts = a.running.ctx.attempts;
    const key = `test-window:${unique()}`;
    const t0 = Date.now();
    await attempts.hit([key], 2, 60, t0);
    await attempts.hit([key], 2, 60, t0 + 1000);
    const late = await expectApiError(attempts.hit([key], 2, 60, t0 + 30_000), 'RESOURCE_EXHAUSTED');
    expect(late.retryAfterSeconds).toBe(30);
    await attempts.hit([key], 2, 60, t0 + 61_000);
    const row = await a.running.ctx.db
      .selectFrom('credential_attempts')
      .selectAll()
      .where('bucket', '=', key)
      .executeTakeFirstOrThrow();
    expect({ count: Number(row.count), window_start: row.window_start }).toEqual({
      count: 1,
      window_start: new Date(t0 + 61_000).toISOString(),
    });
    // A limit of 0 is off.
    for (let i = 0; i < 5; i++) await attempts.hit([`off:${key}`], 0, 60);
  });

  it('answers 429 with Retry-After over HTTP (passwordless mails per address)', async () => {
    const token = await getToken(a);
    const email = `mail-limit-${unique()}@example.com`;
    const send = (server: TestServer) =>
      rest(server, 'POST', '/api/v1/passwordless/email/send', { token, json: { email } });
    expect((await send(a)).status).toBe(200);
    expect((await send(b)).status).toBe(200);
    const refused = await send(a);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: 8,
      details: [{ error_code: 'RESOURCE_EXHAUSTED' }],
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(100);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(120);
    // The reset mail shares the per-address limit: it is refused too, whatever the address.
    await expectApiError(
      a.running.ctx.passwords.startReset(email, '198.19.0.1', 'https://app.example.com/reset'),
      'RESOURCE_EXHAUSTED',
    );
  });
});
