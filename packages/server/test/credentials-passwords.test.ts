// Passwords: argon2id hashes with OWASP's parameters, sign-in that fails alike for unknown users,
// users without a password and wrong passwords (in words and in time), the strength rules, sign-up
// that never takes over an existing account, and re-hashing of hashes made with older parameters.
import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../src/credentials/passwords.ts';
import { needsRehash, verifyPassword } from '../src/credentials/passwords.ts';
import { findOrCreateVerifiedUser } from '../src/credentials/login-users.ts';
import { parseEmail } from '../src/users/email.ts';
import { STRONG_PASSWORD, expectApiError, latestMail } from './helpers/credentials.ts';
import { eventsOfType } from './helpers/identity.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describe('password strength', () => {
  const email = 'ada.lovelace@example.com';
  it.each([
    ['short1!', /at least 8/],
    ['x'.repeat(129), /at most 128/],
    ['password', /commonly used/],
    ['Password123!', /commonly used/],
    ['!!Qwerty2024', /commonly used/],
    ['iloveyou', /commonly used/],
    ['aaaaaaaaaa', /repeated character or a simple sequence/],
    ['12345678', /simple sequence/],
    ['87654321', /simple sequence/],
    ['bcdefghijk', /simple sequence/],
    ['abcabcabcabc', /simple sequence/],
    ['my-ada.lovelace-pass', /email/],
    ['ADA.LOVELACE2024x', /email/],
  ])('refuses %j with a sentence for the user', (password, message) => {
    expect(passwordProblem(password, email)).toMatch(message);
  });

  it.each([
    'correct horse battery staple',
    'dragonfly-orbit-42',
    'Zürich ist schön 2024',
    '🔑🔒 unicode counts once',
    'eight ch',
  ])('accepts %j', (password) => {
    expect(passwordProblem(password, email)).toBeUndefined();
  });

  it('counts characters, not UTF-16 units, and normalizes first', () => {
    // Seven emoji are 14 UTF-16 units but 7 characters: too short.
    expect(passwordProblem('😀😁😂🤣😃😄😅', email)).toMatch(/at least 8/);
    // 128 emoji are allowed (256 UTF-16 units); 129 are not.
    const emoji = (n: number) =>
      Array.from({ length: n }, (_, i) => String.fromCodePoint(0x1f600 + (i % 64))).join('');
    expect(passwordProblem(emoji(128), email)).toBeUndefined();
    expect(passwordProblem(emoji(129), email)).toMatch(/at most 128/);
  });
});

describeEachEngine('passwords', (engine) => {
  const handle = useServer(engine);
  const ctx = () => handle.server.running.ctx;
  const newAccount = async (password = STRONG_PASSWORD) => {
    const email = `pw-${unique()}@example.com`;
    const result = await ctx().passwords.signUp({ email, password, givenName: 'Ada', familyName: 'L' });
    if (result.status !== 'created') throw new Error('sign-up did not create the user');
    return { email, userId: result.userId };
  };

  it('stores an argon2id hash with m=19456, t=2, p=1 and a random salt, never the password', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const rows = await ctx()
      .db.selectFrom('user_passwords')
      .selectAll()
      .where('user_id', 'in', [a.userId, b.userId])
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(
        /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
      );
      expect(row.password_hash).not.toContain(STRONG_PASSWORD);
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });

  it('signs in with the right password, and answers alike for every wrong case', async () => {
    const { email, userId } = await newAccount();
    expect(
      await ctx().passwords.signIn({
        email: email.toUpperCase(),
        password: STRONG_PASSWORD,
        ip: '192.0.2.1',
      }),
    ).toEqual({ userId });
    const withoutPassword = `nopw-${unique()}@example.com`;
    await findOrCreateVerifiedUser(ctx(), parseEmail(withoutPassword));
    const failures = [
      { email, password: 'correct horse battery stapler' },
      { email, password: '' },
      { email, password: 'x'.repeat(100_000) },
      { email: `nobody-${unique()}@example.com`, password: STRONG_PASSWORD },
      { email: withoutPassword, password: STRONG_PASSWORD },
      { email: '', password: STRONG_PASSWORD },
    ];
    for (const attempt of failures) {
      await expectApiError(
        ctx().passwords.signIn({ ...attempt, ip: '192.0.2.1' }),
        'UNAUTHENTICATED',
        /^email or password is incorrect$/,
      );
    }
  });

  it('takes as long for an unknown address or a user without password as for a wrong password', async () => {
    const { email } = await newAccount();
    const withoutPassword = `nopw-${unique()}@example.com`;
    await findOrCreateVerifiedUser(ctx(), parseEmail(withoutPassword));
    // A baseline that certainly skips argon2: an account already over its limit is refused first.
    const locked = `locked-${unique()}@example.com`;
    for (let i = 0; i < 10; i++) {
      await ctx()
        .passwords.signIn({ email: locked, password: 'x', ip: '198.51.99.1' })
        .catch(() => undefined);
    }
    // Interleaved rounds, compared by median: the machine's load changes during the test.
    const addresses = {
      wrongPassword: email,
      unknown: `nobody-${unique()}@example.com`,
      noPassword: withoutPassword,
      baseline: locked,
    };
    type Kind = keyof typeof addresses;
    const times: Record<Kind, number[]> = { wrongPassword: [], unknown: [], noPassword: [], baseline: [] };
    for (let round = 0; round < 7; round++) {
      for (const [kind, address] of Object.entries(addresses) as [Kind, string][]) {
        const started = performance.now();
        await ctx()
          .passwords.signIn({
            email: address,
            password: 'wrong horse battery staple',
            ip: `198.51.100.${round}`,
          })
          .catch(() => undefined);
        times[kind].push(performance.now() - started);
      }
    }
    const median = (kind: Kind) => [...times[kind]].sort((x, y) => x - y)[3]!;
    // Every failure runs a full argon2id check (19 MiB, 2 passes): clearly slower than the baseline,
    // which does the same database work but no hashing, and about as slow as each other.
    for (const kind of ['wrongPassword', 'unknown', 'noPassword'] as const) {
      expect(median(kind), kind).toBeGreaterThan(2 * median('baseline'));
    }
    expect(median('unknown') / median('wrongPassword')).toBeGreaterThan(0.4);
    expect(median('noPassword') / median('wrongPassword')).toBeGreaterThan(0.4);
    expect(await verifyPassword(undefined, STRONG_PASSWORD)).toBe(false);
  });

  it('refuses weak passwords with the sentence, and records password changes without the hash', async () => {
    const { email, userId } = await newAccount();
    await expectApiError(
      ctx().passwords.setPassword(userId, 'password1', email),
      'INVALID_ARGUMENT',
      /commonly used/,
    );
    await expectApiError(
      ctx().passwords.signUp({ email: `weak-${unique()}@example.com`, password: 'short' }),
      'INVALID_ARGUMENT',
      /at least 8/,
    );
    await expectApiError(ctx().passwords.setPassword('usr_missing', STRONG_PASSWORD, email), 'NOT_FOUND');
    await ctx().passwords.setPassword(userId, 'a brand new passphrase', email);
    await expectApiError(
      ctx().passwords.signIn({ email, password: STRONG_PASSWORD, ip: '192.0.2.2' }),
      'UNAUTHENTICATED',
    );
    expect(
      await ctx().passwords.signIn({ email, password: 'a brand new passphrase', ip: '192.0.2.2' }),
    ).toEqual({
      userId,
    });
    const events = (await eventsOfType(handle.server, 'user.password_changed')).filter(
      (e) => e.data.user.id === userId,
    );
    expect(events.map((e) => e.data.reason)).toEqual(['set']);
    expect(events[0]!.data.user.email).toBe(email);
    expect(JSON.stringify(events)).not.toMatch(/argon2|passphrase/);
  });

  it('signs up a new user (user.created), and never takes over an existing address', async () => {
    const { email, userId } = await newAccount();
    const created = await eventsOfType(handle.server, 'user.created');
    expect(created.some((e) => e.data.user.id === userId && e.data.user.email === email)).toBe(true);
    const user = await ctx()
      .db.selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.email_verified).toBe(0);
    expect(JSON.parse(user.profile)).toMatchObject({ given_name: 'Ada', family_name: 'L', name: 'Ada L' });

    // The same address again (any case): no new user, the password unchanged, and the owner told.
    const again = await ctx().passwords.signUp({
      email: email.toUpperCase(),
      password: 'an attacker chosen passphrase',
      signInUrl: 'https://app.example.com/login',
    });
    expect(again).toEqual({ status: 'existing' });
    await expectApiError(
      ctx().passwords.signIn({ email, password: 'an attacker chosen passphrase', ip: '192.0.2.3' }),
      'UNAUTHENTICATED',
    );
    const notice = await latestMail(handle.server, email);
    expect(notice.subject).toBe('You already have an account');
    expect(notice.text_body).toContain('https://app.example.com/login');

    // An address known from elsewhere (no password yet) is not taken over either.
    const passwordless = `known-${unique()}@example.com`;
    const { userId: existingId } = await findOrCreateVerifiedUser(ctx(), parseEmail(passwordless));
    expect(await ctx().passwords.signUp({ email: passwordless, password: STRONG_PASSWORD })).toEqual({
      status: 'existing',
    });
    const passwords = await ctx()
      .db.selectFrom('user_passwords')
      .select('user_id')
      .where('user_id', '=', existingId)
      .execute();
    expect(passwords).toEqual([]);
    expect((await latestMail(handle.server, passwordless)).subject).toBe('You already have an account');
  });

  it('gives concurrent sign-ups of one address one user', async () => {
    const email = `race-${unique()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => ctx().passwords.signUp({ email, password: STRONG_PASSWORD })),
    );
    expect(results.filter((r) => r.status === 'created')).toHaveLength(1);
    const users = await ctx()
      .db.selectFrom('users')
      .select('id')
      .where('email_normalized', '=', email)
      .execute();
    expect(users).toHaveLength(1);
  });

  it('re-hashes a hash made with older parameters on the next successful sign-in', async () => {
    const { email, userId } = await newAccount();
    const old = await hash(STRONG_PASSWORD, {
      algorithm: 2 as never,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    expect(needsRehash(old)).toBe(true);
    await ctx()
      .db.updateTable('user_passwords')
      .set({ password_hash: old })
      .where('user_id', '=', userId)
      .execute();
    expect(await ctx().passwords.signIn({ email, password: STRONG_PASSWORD, ip: '192.0.2.4' })).toEqual({
      userId,
    });
    const row = await ctx()
      .db.selectFrom('user_passwords')
      .select('password_hash')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(row.password_hash)).toBe(false);
  });

  it('treats a corrupt stored hash as a failed check, not a crash', async () => {
    const { email, userId } = await newAccount();
    await ctx()
      .db.updateTable('user_passwords')
      .set({ password_hash: 'not-a-phc-string' })
      .where('user_id', '=', userId)
      .execute();
    await expectApiError(
      ctx().passwords.signIn({ email, password: STRONG_PASSWORD, ip: '192.0.2.5' }),
      'UNAUTHENTICATED',
    );
  });

  it('deletes the password with its user', async () => {
    const { userId } = await newAccount();
    await ctx().db.deleteFrom('users').where('id', '=', userId).execute();
    const rows = await ctx()
      .db.selectFrom('user_passwords')
      .select('user_id')
      .where('user_id', '=', userId)
      .execute();
    expect(rows).toEqual([]);
  });
});
