// Passwordless sign-in by mail: a 6-digit code, a magic link, or both (GATEHOUSE_PASSWORDLESS_TYPE).
// Used by PasswordlessService (the headless API, where the app's magiclink_auth_uri is the link's
// base) and by the hosted login (with its own page as the base). Codes and links are stored hashed,
// expire, work once across all instances, and a request dies after 5 wrong codes.
import { invalidArgument } from '../contract/api-error.ts';
import { accountBucket, ipBucket } from '../credentials/attempt-limits.ts';
import type { CredentialDeps } from '../credentials/credential-deps.ts';
import { withParameter } from '../credentials/link-url.ts';
import { newId } from '../store/ids.ts';
import { digestsEqual } from '../util/hash.ts';
import { isoAfterSeconds } from '../util/time.ts';
import { parseEmail } from '../users/email.ts';
import * as users from '../users/user-store.ts';
import { passwordlessMail, type TemplateName } from './passwordless-mail.ts';
import * as rules from './passwordless-rules.ts';
import type { PasswordlessType } from './passwordless-rules.ts';
import * as secrets from './passwordless-secrets.ts';
import * as store from './passwordless-store.ts';
import type { RequestRow } from './passwordless-store.ts';
import type { SendOptions, SentRequest, VerifiedRequest, VerifyOptions } from './passwordless-types.ts';

export type { PasswordlessType, TemplateName };
export type { SendOptions, SentRequest, VerifiedRequest, VerifyOptions };

// Expired requests are kept an hour (so a late click is told "expired", not "not found").
const KEEP_EXPIRED_MS = 3_600_000;

export class Passwordless {
  constructor(
    private readonly deps: CredentialDeps,
    /** HMAC key for codes (passwordless-secrets.ts codeKeyFrom). */
    private readonly codeKey: Buffer,
  ) {}

  async send(options: SendOptions): Promise<SentRequest> {
    const email = parseEmail(options.email);
    const ttl = rules.expiresInSeconds(options.expiresInSeconds);
    const state = rules.parseState(options.state);
    const type = rules.typeFor(this.deps.config.passwordlessType, options.linkUrlBase !== undefined);
    await this.limitMail(email.normalized, options.ip);
    const now = Date.now();
    const id = newId('plr');
    const issued = this.issue(id, type, options.linkUrlBase);
    const user = await users.findByEmail(this.deps.db, email.normalized);
    const row = {
      id,
      email: email.address,
      user_id: user?.id ?? null,
      code_hash: issued.codeHash,
      link_token_hash: issued.linkHash,
      state,
      magiclink_auth_uri: options.linkUrlBase ?? null,
      template: options.template ?? 'SIGNIN',
      created_at: new Date(now).toISOString(),
      expires_at: isoAfterSeconds(ttl, now),
      expires_in: ttl,
      consumed_at: null,
      last_sent_at: new Date(now).toISOString(),
    } satisfies Parameters<typeof store.insertRequest>[1];
    await store.insertRequest(this.deps.db, row);
    await store.sweepExpired(this.deps.db, now, KEEP_EXPIRED_MS);
    await this.mail(row.email, row.template, issued, ttl);
    return { authRequestId: id, expiresAt: row.expires_at, expiresInSeconds: ttl, passwordlessType: type };
  }

  async verify(options: VerifyOptions): Promise<VerifiedRequest> {
    const authRequestId = options.authRequestId?.trim() || undefined;
    if (options.code) return this.verifyCode(options.code.trim(), authRequestId);
    if (options.linkToken) return this.verifyLink(options.linkToken.trim(), authRequestId);
    throw invalidArgument('code or link_token is required');
  }

  /** Sends the request again with new credentials (the previous code and link stop working). */
  async resend(authRequestId: string, ip?: string): Promise<SentRequest> {
    const id = authRequestId.trim();
    if (!id) throw invalidArgument('auth_request_id is required');
    const row = await store.findRequest(this.deps.db, id);
    if (!row) throw rules.unusable(undefined, id, '');
    const now = Date.now();
    const refusal = rules.cannotResend(row, now);
    if (refusal) throw refusal;
    await this.limitMail(row.email.toLowerCase(), ip);
    const type = typeOf(row);
    const issued = this.issue(id, type, row.magiclink_auth_uri ?? undefined);
    const ttl = Number(row.expires_in);
    const change = {
      code_hash: issued.codeHash,
      link_token_hash: issued.linkHash,
      expires_at: isoAfterSeconds(ttl, now),
      last_sent_at: new Date(now).toISOString(),
    };
    if (!(await store.renew(this.deps.db, row, change, rules.MAX_WRONG_CODES))) {
      // Someone resent, verified or guessed in between: explain from the row as it is now.
      const current = await store.findRequest(this.deps.db, id);
      throw (current && rules.cannotResend(current, Date.now())) ?? rules.unusable(current, id, '');
    }
    await this.mail(row.email, row.template, issued, ttl);
    return { authRequestId: id, expiresAt: change.expires_at, expiresInSeconds: ttl, passwordlessType: type };
  }

  private async verifyCode(code: string, id: string | undefined): Promise<VerifiedRequest> {
    if (!id) throw invalidArgument('auth_request_id is required to verify a code');
    if (!secrets.CODE_PATTERN.test(code)) throw invalidArgument('code must be the 6 digits from the email');
    const now = new Date().toISOString();
    const row = await store.spendGuess(this.deps.db, id, now, rules.MAX_WRONG_CODES);
    if (!row) throw rules.unusable(await store.findRequest(this.deps.db, id), id, now);
    const expected = row.code_hash as string;
    if (!digestsEqual(expected, secrets.codeDigest(this.codeKey, id, code))) {
      const left = rules.MAX_WRONG_CODES - row.attempts;
      throw invalidArgument(
        left > 0
          ? `the code is incorrect; ${left} ${left === 1 ? 'try' : 'tries'} left`
          : 'the code is incorrect, and that was the last try; send a new code',
      );
    }
    const consumed = await store.consumeWithCode(this.deps.db, id, expected, now);
    if (!consumed) {
      const current = await store.findRequest(this.deps.db, id);
      // Resent between the guess and the consume: this code was right a moment ago, no longer.
      const replaced = current?.consumed_at === null && current.code_hash !== expected;
      throw replaced
        ? invalidArgument('this code was replaced by a newer one; use the latest email')
        : rules.unusable(current, id, now);
    }
    return this.verified(consumed, 'OTP');
  }

  private async verifyLink(token: string, id: string | undefined): Promise<VerifiedRequest> {
    const invalid = invalidArgument('the magic link is invalid');
    if (!id && this.deps.config.passwordlessSameBrowser) {
      throw invalidArgument(
        'auth_request_id is required: a magic link must be opened in the browser that asked for it',
      );
    }
    if (!secrets.LINK_TOKEN_PATTERN.test(token)) throw invalid;
    const hash = secrets.linkDigest(token);
    const now = new Date().toISOString();
    const consumed = await store.consumeWithLink(this.deps.db, hash, id, now, rules.MAX_WRONG_CODES);
    if (consumed) return this.verified(consumed, 'LINK');
    const row = await store.findByLinkHash(this.deps.db, hash);
    if (!row || (id !== undefined && row.id !== id)) throw invalid;
    throw rules.unusable(row, row.id, now);
  }

  private async verified(row: RequestRow, passwordlessType: 'OTP' | 'LINK'): Promise<VerifiedRequest> {
    const user = await users.findByEmail(this.deps.db, row.email.toLowerCase());
    return {
      authRequestId: row.id,
      email: row.email,
      userId: user?.id,
      state: row.state ?? undefined,
      template: row.template,
      passwordlessType,
    };
  }

  private issue(id: string, type: PasswordlessType, linkUrlBase: string | undefined) {
    const code = type === 'LINK' ? undefined : secrets.newCode();
    const token = type === 'OTP' || linkUrlBase === undefined ? undefined : secrets.newLinkToken();
    return {
      code,
      link: token === undefined ? undefined : withParameter(linkUrlBase as string, 'link_token', token),
      codeHash: code === undefined ? null : secrets.codeDigest(this.codeKey, id, code),
      linkHash: token === undefined ? null : secrets.linkDigest(token),
    };
  }

  /** Mails per address (and per client IP, when the end user calls directly) within the window. */
  private async limitMail(normalizedEmail: string, ip: string | undefined): Promise<void> {
    const { config, attempts } = this.deps;
    const window = config.loginLimitWindowSeconds;
    if (ip) await attempts.hit([ipBucket('passwordless', ip)], config.loginLimitIp, window);
    await attempts.hit([accountBucket('mail', normalizedEmail)], config.loginLimitMail, window);
  }

  private async mail(
    to: string,
    template: TemplateName,
    issued: { code?: string; link?: string },
    ttl: number,
  ) {
    await this.deps.mail.send(
      passwordlessMail({ to, template, code: issued.code, link: issued.link, expiresInSeconds: ttl }),
    );
  }
}

function typeOf(row: RequestRow): PasswordlessType {
  if (row.code_hash !== null && row.link_token_hash !== null) return 'LINK_OTP';
  return row.code_hash !== null ? 'OTP' : 'LINK';
}
