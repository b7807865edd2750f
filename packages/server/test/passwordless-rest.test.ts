// PasswordlessService over REST: the JSON shapes, the attacks (guessing codes in series and in
// parallel, replays, expired codes, resend abuse, one link raced on two instances) and bad input,
// plus the settings that choose what a mail carries and whether a link needs its auth_request_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeIn, latestMail, parameterIn } from './helpers/credentials.ts';
import { expectRestError, rest, restCaller } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const SEND = '/api/v1/passwordless/email/send';
const VERIFY = '/api/v1/passwordless/email/verify';
const RESEND = '/api/v1/passwordless/email/resend';
const MAGIC = 'https://app.example.com/magic';

describeEachEngine('PasswordlessService over REST', (engine) => {
  const handle = useServer(engine);
  const { call, ok } = restCaller(handle);
  const db = () => handle.server.running.ctx.db;
  const address = () => `pl.${unique()}@example.com`;
  const sendCode = async (extra: Record<string, unknown> = {}) => {
    const email = address();
    const sent = await ok('POST', SEND, { email, ...extra });
    const mail = await latestMail(handle.server, email);
    return { email, sent, mail, code: codeIn(mail.text_body) };
  };
  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('answers with proto field names, int64 as a string and enum names', async () => {
    const email = address();
    const sent = await ok('POST', SEND, {
      email,
      magiclink_auth_uri: MAGIC,
      state: 's1',
      template: 'SIGNUP',
    });
    expect(sent).toEqual({
      auth_request_id: expect.stringMatching(/^plr_/),
      expires_at: expect.stringMatching(/^\d{10}$/),
      expires_in: 300,
      passwordless_type: 'LINK_OTP',
    });
    const code = codeIn((await latestMail(handle.server, email)).text_body);
    const verified = await ok('POST', VERIFY, { code, auth_request_id: sent.auth_request_id });
    expect(verified).toEqual({ email, state: 's1', template: 'SIGNUP', passwordless_type: 'OTP' });
    // camelCase input is accepted too.
    const other = await ok('POST', SEND, { email: address(), expiresIn: 120, magiclinkAuthUri: MAGIC });
    expect(other.expires_in).toBe(120);
  });

  it('stores only hashes of the code and the link token', async () => {
    const { sent, mail, code } = await sendCode({ magiclink_auth_uri: MAGIC });
    const row = await db()
      .selectFrom('passwordless_requests')
      .selectAll()
      .where('id', '=', sent.auth_request_id)
      .executeTakeFirstOrThrow();
    const token = parameterIn(mail.text_body, 'link_token');
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.link_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(`"${code}"`);
  });

  it('kills a request after 5 wrong codes: even the right code is then refused', async () => {
    const { sent, code } = await sendCode();
    const id = sent.auth_request_id;
    for (let i = 1; i <= 5; i++) {
      const res = await call('POST', VERIFY, { code: wrongCode(code), auth_request_id: id });
      expectRestError(
        res,
        400,
        3,
        'INVALID_ARGUMENT',
        i < 5 ? new RegExp(`${5 - i} tr(y|ies) left`) : /last try/,
      );
    }
    const dead = await call('POST', VERIFY, { code, auth_request_id: id });
    expectRestError(dead, 400, 9, 'FAILED_PRECONDITION', /too many wrong codes/);
    expectRestError(await call('POST', RESEND, { auth_request_id: id }), 400, 9, 'FAILED_PRECONDITION');
  });

  it('counts guesses made in parallel: of 20 at once, only 5 are even compared', async () => {
    const { sent, code } = await sendCode();
    const id = sent.auth_request_id;
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', VERIFY, {
          code: String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
          auth_request_id: id,
        }),
      ),
    );
    const messages = guesses.map((g) => String(g.body.message));
    expect(messages.filter((m) => /incorrect/.test(m))).toHaveLength(5);
    expect(messages.filter((m) => /too many wrong codes/.test(m))).toHaveLength(15);
    const row = await db()
      .selectFrom('passwordless_requests')
      .select('attempts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(row.attempts)).toBe(5);
    expectRestError(await call('POST', VERIFY, { code, auth_request_id: id }), 400, 9, 'FAILED_PRECONDITION');
  });

  it('says clearly when a code has expired', async () => {
    const { sent, code } = await sendCode({ expires_in: 60 });
    await db()
      .updateTable('passwordless_requests')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', sent.auth_request_id)
      .execute();
    const res = await call('POST', VERIFY, { code, auth_request_id: sent.auth_request_id });
    expectRestError(res, 400, 9, 'FAILED_PRECONDITION', /expired/);
  });

  it('allows 3 resends, 30 s apart, each with a fresh expiry; the 4th is refused', async () => {
    const { sent, email } = await sendCode({ expires_in: 600 });
    const id = sent.auth_request_id;
    const age = () =>
      db()
        .updateTable('passwordless_requests')
        .set({
          last_sent_at: new Date(Date.now() - 40_000).toISOString(),
          expires_at: new Date(Date.now() + 560_000).toISOString(),
        })
        .where('id', '=', id)
        .execute();
    for (let i = 0; i < 3; i++) {
      await age();
      const again = await ok('POST', RESEND, { auth_request_id: id });
      expect(again).toMatchObject({ auth_request_id: id, expires_in: 600, passwordless_type: 'OTP' });
    }
    expect((await latestMail(handle.server, email, 4)).subject).toBe('Your sign-in code');
    await age();
    const refused = await call('POST', RESEND, { auth_request_id: id });
    expectRestError(refused, 429, 8, 'RESOURCE_EXHAUSTED', /at most 3 times/);
    // Too soon: 429 with the seconds left.
    const fresh = await sendCode();
    const tooSoon = await call('POST', RESEND, { auth_request_id: fresh.sent.auth_request_id });
    expectRestError(tooSoon, 429, 8, 'RESOURCE_EXHAUSTED', /wait/);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(25);
  });

  it('refuses malformed input, naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /email is required/],
      [{ email: 'a@b' }, /email/],
      [{ email: 'x@example.com\r\nBcc: victim@example.com' }, /email/],
      [{ email: address(), expires_in: 59 }, /expires_in/],
      [{ email: address(), expires_in: 4000 }, /expires_in/],
      [{ email: address(), magiclink_auth_uri: 'javascript:alert(1)' }, /magiclink_auth_uri/],
      [{ email: address(), magiclink_auth_uri: '/relative' }, /magiclink_auth_uri/],
      [{ email: address(), magiclink_auth_uri: `https://${'a'.repeat(2100)}.com` }, /magiclink_auth_uri/],
      [{ email: address(), state: 'line\nbreak' }, /state/],
      [{ email: address(), state: 's'.repeat(1025) }, /state/],
      [{ email: address(), template: 'PASSWORD' }, /template/],
      [{ email: address(), unknown_field: 1 }, /unknown_field/],
    ];
    for (const [body, message] of cases) {
      expectRestError(await call('POST', SEND, body), 400, 3, 'INVALID_ARGUMENT', message);
    }
    const protoKey = await rest(handle.server, 'POST', SEND, {
      token: handle.token,
      raw: `{"email":"${address()}","template_variables":{"__proto__":"x"}}`,
    });
    expectRestError(protoKey, 400, 3, 'INVALID_ARGUMENT', /__proto__/);
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expectRestError(
      await call('POST', SEND, { email: address(), template_variables: tooMany }),
      400,
      3,
      'INVALID_ARGUMENT',
      /template_variables/,
    );
    const verifyCases: [unknown, RegExp][] = [
      [{}, /code or link_token is required/],
      [{ code: '123456' }, /auth_request_id is required/],
      [{ code: '12345', auth_request_id: 'plr_x' }, /6 digits/],
      [{ code: '1234567', auth_request_id: 'plr_x' }, /6 digits/],
      [{ code: '12a456', auth_request_id: 'plr_x' }, /6 digits/],
      [{ link_token: 'short' }, /magic link is invalid/],
      [{ code: '123456', link_token: 'x' }, /set multiple times/],
    ];
    for (const [body, message] of verifyCases) {
      expectRestError(await call('POST', VERIFY, body), 400, 3, 'INVALID_ARGUMENT', message);
    }
    expectRestError(await call('POST', RESEND, {}), 400, 3, 'INVALID_ARGUMENT', /auth_request_id/);
    const noToken = await rest(handle.server, 'POST', SEND, { json: { email: address() } });
    expectRestError(noToken, 401, 16, 'UNAUTHENTICATED');
  });
});

describe('passwordless settings', () => {
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startTestServer('sqlite', env);
    servers.push(server);
    return { server, token: await getToken(server) };
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('GATEHOUSE_PASSWORDLESS_TYPE=otp never sends a link', async () => {
    const { server, token } = await start({ GATEHOUSE_PASSWORDLESS_TYPE: 'otp' });
    const email = `otp-${unique()}@example.com`;
    const res = await rest(server, 'POST', SEND, { token, json: { email, magiclink_auth_uri: MAGIC } });
    expect(res.body.passwordless_type).toBe('OTP');
    expect((await latestMail(server, email)).text_body).not.toContain(MAGIC);
  });

  it('GATEHOUSE_PASSWORDLESS_TYPE=link sends only a link, and needs magiclink_auth_uri', async () => {
    const { server, token } = await start({ GATEHOUSE_PASSWORDLESS_TYPE: 'link' });
    const email = `link-${unique()}@example.com`;
    const refused = await rest(server, 'POST', SEND, { token, json: { email } });
    expectRestError(refused, 400, 3, 'INVALID_ARGUMENT', /magiclink_auth_uri is required/);
    const res = await rest(server, 'POST', SEND, { token, json: { email, magiclink_auth_uri: MAGIC } });
    expect(res.body.passwordless_type).toBe('LINK');
    const mail = await latestMail(server, email);
    expect(mail.subject).toBe('Your sign-in link');
    expect(mail.text_body).not.toMatch(/\b\d{6}\b/);
    const id = res.body.auth_request_id;
    const byCode = await rest(server, 'POST', VERIFY, {
      token,
      json: { code: '000000', auth_request_id: id },
    });
    expectRestError(byCode, 400, 9, 'FAILED_PRECONDITION', /magic link/);
  });

  it('GATEHOUSE_PASSWORDLESS_SAME_BROWSER=true needs the auth_request_id with the link token', async () => {
    const { server, token } = await start({ GATEHOUSE_PASSWORDLESS_SAME_BROWSER: 'true' });
    const email = `same-${unique()}@example.com`;
    const sent = await rest(server, 'POST', SEND, { token, json: { email, magiclink_auth_uri: MAGIC } });
    const other = await rest(server, 'POST', SEND, {
      token,
      json: { email: `other-${unique()}@example.com`, magiclink_auth_uri: MAGIC },
    });
    const linkToken = parameterIn((await latestMail(server, email)).text_body, 'link_token');
    const alone = await rest(server, 'POST', VERIFY, { token, json: { link_token: linkToken } });
    expectRestError(alone, 400, 3, 'INVALID_ARGUMENT', /auth_request_id is required/);
    const mismatched = await rest(server, 'POST', VERIFY, {
      token,
      json: { link_token: linkToken, auth_request_id: other.body.auth_request_id },
    });
    expectRestError(mismatched, 400, 3, 'INVALID_ARGUMENT', /magic link is invalid/);
    const verified = await rest(server, 'POST', VERIFY, {
      token,
      json: { link_token: linkToken, auth_request_id: sent.body.auth_request_id },
    });
    expect(verified.body).toMatchObject({ email, passwordless_type: 'LINK' });
  });

  it('refuses an unknown GATEHOUSE_PASSWORDLESS_TYPE at start-up', async () => {
    await expect(start({ GATEHOUSE_PASSWORDLESS_TYPE: 'sms' })).rejects.toThrow(
      /GATEHOUSE_PASSWORDLESS_TYPE/,
    );
  });
});

describeEachEngine('a magic link raced on two instances', (engine) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer(engine);
    b = await startTestServer(
      engine,
      { GATEHOUSE_PUBLIC_URL: a.running.url },
      { databaseUrl: a.databaseUrl, dataDir: a.dataDir },
    );
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('is accepted exactly once; so is a code', async () => {
    const token = await getToken(a);
    for (let round = 0; round < 3; round++) {
      const email = `race-${unique()}@example.com`;
      const sent = await rest(a, 'POST', SEND, { token, json: { email, magiclink_auth_uri: MAGIC } });
      const mail = await latestMail(a, email);
      const linkToken = parameterIn(mail.text_body, 'link_token');
      const code = codeIn(mail.text_body);
      const attempts = await Promise.all([
        ...[a, b, a, b].map((s) => rest(s, 'POST', VERIFY, { token, json: { link_token: linkToken } })),
        ...[b, a].map((s) =>
          rest(s, 'POST', VERIFY, { token, json: { code, auth_request_id: sent.body.auth_request_id } }),
        ),
      ]);
      expect(attempts.filter((r) => r.status === 200)).toHaveLength(1);
      expect(attempts.filter((r) => r.status === 400)).toHaveLength(5);
    }
  });
});
