// Password reset by mail: the same answer for known and unknown addresses (and no mail for the
// latter), a hashed single-use token valid 30 minutes, consumed atomically, and a refused password
// that does not spend the link.
import { expect, it } from 'vitest';
import { STRONG_PASSWORD, expectApiError, latestMail, parameterIn } from './helpers/credentials.ts';
import { eventsOfType, mailTo } from './helpers/identity.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

const RESET_URL = 'https://app.example.com/auth/reset?lang=en';

describeEachEngine('password reset', (engine) => {
  const handle = useServer(engine);
  const ctx = () => handle.server.running.ctx;
  const account = async () => {
    const email = `reset-${unique()}@example.com`;
    const created = await ctx().passwords.signUp({ email, password: STRONG_PASSWORD });
    if (created.status !== 'created') throw new Error('no account');
    return { email, userId: created.userId };
  };
  const requestLink = async (email: string, nth = 1) => {
    await ctx().passwords.startReset(email, '192.0.2.50', RESET_URL);
    const mail = await latestMail(handle.server, email, nth);
    return { mail, token: parameterIn(mail.text_body, 'token') };
  };

  it('mails a link with a token stored only as its hash, and resets the password once', async () => {
    const { email, userId } = await account();
    const { mail, token } = await requestLink(email);
    expect(mail.subject).toBe('Reset your password');
    expect(mail.text_body).toContain('https://app.example.com/auth/reset?lang=en&token=');
    expect(mail.html_body).toContain('&amp;token=');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await ctx()
      .db.selectFrom('password_resets')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    const ttl = Date.parse(rows[0]!.expires_at) - Date.parse(rows[0]!.created_at);
    expect(ttl).toBe(30 * 60 * 1000);

    // A weak password is refused without spending the link.
    await expectApiError(
      ctx().passwords.completeReset(token, 'password123'),
      'INVALID_ARGUMENT',
      /commonly used/,
    );
    expect(await ctx().passwords.completeReset(token, 'my new reset passphrase')).toEqual({ userId });
    await expectApiError(
      ctx().passwords.completeReset(token, 'another new passphrase'),
      'FAILED_PRECONDITION',
      /invalid, has expired or was already used/,
    );
    await expectApiError(
      ctx().passwords.signIn({ email, password: STRONG_PASSWORD, ip: '192.0.2.51' }),
      'UNAUTHENTICATED',
    );
    expect(
      await ctx().passwords.signIn({ email, password: 'my new reset passphrase', ip: '192.0.2.51' }),
    ).toEqual({
      userId,
    });
    // The mailbox is proven; the change is an event without secrets.
    const user = await ctx()
      .db.selectFrom('users')
      .select('email_verified')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.email_verified).toBe(1);
    const events = (await eventsOfType(handle.server, 'user.password_changed')).filter(
      (e) => e.data.user.id === userId,
    );
    expect(events.map((e) => e.data.reason)).toEqual(['reset']);
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('answers an unknown address the same way, sends it nothing and stores nothing', async () => {
    const email = `unknown-${unique()}@example.com`;
    const before = await ctx().db.selectFrom('password_resets').select('id').execute();
    await expect(ctx().passwords.startReset(email, '192.0.2.52', RESET_URL)).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await mailTo(handle.server, email)).toEqual([]);
    expect(await ctx().db.selectFrom('password_resets').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses an expired link and an unknown or malformed token', async () => {
    const { email, userId } = await account();
    const { token } = await requestLink(email);
    await ctx()
      .db.updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', userId)
      .execute();
    await expectApiError(
      ctx().passwords.completeReset(token, 'a fine new passphrase'),
      'FAILED_PRECONDITION',
    );
    await expectApiError(
      ctx().passwords.completeReset('A'.repeat(43), 'a fine new passphrase'),
      'FAILED_PRECONDITION',
    );
    await expectApiError(ctx().passwords.completeReset('', 'a fine new passphrase'), 'FAILED_PRECONDITION');
    await expectApiError(
      ctx().passwords.completeReset(`${token}'--`, 'a fine new passphrase'),
      'FAILED_PRECONDITION',
    );
    expect(await ctx().passwords.signIn({ email, password: STRONG_PASSWORD, ip: '192.0.2.53' })).toEqual({
      userId,
    });
  });

  it('spends every outstanding link of the user when one is used, and a token exactly once under a race', async () => {
    const { email } = await account();
    const first = await requestLink(email, 1);
    const second = await requestLink(email, 2);
    expect(first.token).not.toBe(second.token);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        ctx()
          .passwords.completeReset(second.token, `racing passphrase number ${i}`)
          .then(
            () => 'ok',
            (error: { errorCode: string }) => error.errorCode,
          ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'FAILED_PRECONDITION')).toHaveLength(3);
    await expectApiError(
      ctx().passwords.completeReset(first.token, 'yet another passphrase'),
      'FAILED_PRECONDITION',
    );
  });

  it('refuses a reset base that is not an http(s) URL, and a malformed address', async () => {
    const { email } = await account();
    for (const base of ['javascript:alert(1)', '/relative/reset', 'https://user:pw@evil.example.com/']) {
      await expectApiError(
        ctx().passwords.startReset(email, '192.0.2.54', base),
        'INVALID_ARGUMENT',
        /resetUrlBase/,
      );
    }
    await expectApiError(
      ctx().passwords.startReset('not-an-email', '192.0.2.54', RESET_URL),
      'INVALID_ARGUMENT',
    );
  });
});
