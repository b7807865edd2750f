// The inputs and results of Passwordless (passwordless.ts), as the hosted login and the service see them.
import type { TemplateName } from './passwordless-mail.ts';
import type { PasswordlessType } from './passwordless-rules.ts';

export interface SendOptions {
  email: string;
  /** Default SIGNIN. */
  template?: TemplateName | undefined;
  /** Handed back by verify, untouched. */
  state?: string | undefined;
  /** The magic link's base: the mail links to `${linkUrlBase}?link_token=…`. Without it, no link. */
  linkUrlBase?: string | undefined;
  /** 60 – 3600; default 300. */
  expiresInSeconds?: number | undefined;
  /** The client's address, when the end user calls directly (hosted login): counted per IP too. */
  ip?: string | undefined;
}

export interface SentRequest {
  authRequestId: string;
  /** ISO time. */
  expiresAt: string;
  expiresInSeconds: number;
  passwordlessType: PasswordlessType;
}

export interface VerifyOptions {
  code?: string | undefined;
  linkToken?: string | undefined;
  /** Required with a code; with a link token when same-browser enforcement is on. */
  authRequestId?: string | undefined;
}

export interface VerifiedRequest {
  authRequestId: string;
  email: string;
  /** The user the address belongs to now, if any (see credentials/login-users.ts to create one). */
  userId: string | undefined;
  state: string | undefined;
  template: TemplateName;
  /** How it was verified. */
  passwordlessType: 'OTP' | 'LINK';
}
