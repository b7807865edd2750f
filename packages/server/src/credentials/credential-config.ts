// The settings of end-user credentials (passwords, passwordless), read with the rest of the
// configuration at start-up. Documented in docs/configuration.md.
export type PasswordlessKind = 'otp' | 'link' | 'link_otp';

export interface CredentialConfig {
  /** GATEHOUSE_LOGIN_LIMIT_ACCOUNT: failed credential checks per account (email) per window; 0 = off. */
  loginLimitAccount: number;
  /** GATEHOUSE_LOGIN_LIMIT_IP: failed credential checks per client IP per window; 0 = off. */
  loginLimitIp: number;
  /** GATEHOUSE_LOGIN_LIMIT_WINDOW_SECONDS: the length of one limit window. */
  loginLimitWindowSeconds: number;
  /** GATEHOUSE_PASSWORDLESS_TYPE: what a passwordless mail carries: a code, a link, or both. */
  passwordlessType: PasswordlessKind;
  /** GATEHOUSE_LOGIN_LIMIT_MAIL: credential mails (codes, magic and reset links) per address per window; 0 = off. */
  loginLimitMail: number;
  /** GATEHOUSE_PASSWORDLESS_SAME_BROWSER: a magic link must be verified with its auth_request_id. */
  passwordlessSameBrowser: boolean;
}

type Read = (name: string) => string | undefined;
type Integer = (name: string, fallback: number, min: number, max: number) => number;
type Bool = (name: string, raw: string | undefined, problems: string[]) => boolean;

const KINDS: readonly PasswordlessKind[] = ['otp', 'link', 'link_otp'];

export function readCredentialConfig(
  read: Read,
  integer: Integer,
  bool: Bool,
  problems: string[],
): CredentialConfig {
  const kind = (read('GATEHOUSE_PASSWORDLESS_TYPE') ?? 'link_otp').toLowerCase() as PasswordlessKind;
  if (!KINDS.includes(kind)) {
    problems.push(`GATEHOUSE_PASSWORDLESS_TYPE=${JSON.stringify(kind)}: expected otp, link or link_otp`);
  }
  return {
    loginLimitAccount: integer('GATEHOUSE_LOGIN_LIMIT_ACCOUNT', 10, 0, 1_000_000),
    loginLimitIp: integer('GATEHOUSE_LOGIN_LIMIT_IP', 50, 0, 1_000_000),
    loginLimitMail: integer('GATEHOUSE_LOGIN_LIMIT_MAIL', 10, 0, 1_000_000),
    loginLimitWindowSeconds: integer('GATEHOUSE_LOGIN_LIMIT_WINDOW_SECONDS', 900, 10, 86_400),
    passwordlessType: kind,
    passwordlessSameBrowser: bool(
      'GATEHOUSE_PASSWORDLESS_SAME_BROWSER',
      read('GATEHOUSE_PASSWORDLESS_SAME_BROWSER'),
      problems,
    ),
  };
}
