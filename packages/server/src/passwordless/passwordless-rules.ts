// The limits of a passwordless request and the errors that say why one cannot be used. Each message
// tells the person what to do next; none says whether the address has an account.
import { ApiError, failedPrecondition, invalidArgument, notFound } from '../contract/api-error.ts';
import type { PasswordlessKind } from '../credentials/credential-config.ts';
import type { RequestRow } from './passwordless-store.ts';

export const DEFAULT_EXPIRES_IN = 300;
export const MIN_EXPIRES_IN = 60;
export const MAX_EXPIRES_IN = 3600;
/** Wrong codes a request survives; the next one is refused and the request is dead. */
export const MAX_WRONG_CODES = 5;
export const MAX_RESENDS = 3;
export const RESEND_INTERVAL_SECONDS = 30;
const MAX_STATE = 1024;
const CONTROL = /[\u0000-\u001f\u007f]/;

export type PasswordlessType = 'OTP' | 'LINK' | 'LINK_OTP';

/** The lifetime asked for (0 or absent: the default), within 60 s – 1 h. */
export function expiresInSeconds(value: number | undefined): number {
  if (value === undefined || value === 0) return DEFAULT_EXPIRES_IN;
  if (!Number.isInteger(value) || value < MIN_EXPIRES_IN || value > MAX_EXPIRES_IN) {
    throw invalidArgument(`expires_in must be ${MIN_EXPIRES_IN}-${MAX_EXPIRES_IN} seconds`);
  }
  return value;
}

export function parseState(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.length > MAX_STATE) throw invalidArgument(`state must be at most ${MAX_STATE} characters`);
  if (CONTROL.test(value)) throw invalidArgument('state must not contain control characters');
  return value;
}

/**
 * What a mail carries: the configured kind, except that a link needs a URL to point at. With both
 * configured and no URL, the code goes alone; with links only and no URL, the request is refused.
 */
export function typeFor(kind: PasswordlessKind, hasLinkBase: boolean): PasswordlessType {
  if (kind === 'otp') return 'OTP';
  if (hasLinkBase) return kind === 'link' ? 'LINK' : 'LINK_OTP';
  if (kind === 'link_otp') return 'OTP';
  throw invalidArgument(
    'magiclink_auth_uri is required: passwordless mails are configured to carry a magic link',
  );
}

/** Why a request can no longer be verified (checked in this order). */
export function unusable(row: RequestRow | undefined, id: string, now: string): ApiError {
  if (!row) return notFound(`passwordless request ${id} not found`);
  if (row.consumed_at !== null) return failedPrecondition('this code or link was already used');
  if (row.attempts >= MAX_WRONG_CODES) {
    return failedPrecondition('too many wrong codes for this request; send a new code');
  }
  if (row.expires_at <= now) return failedPrecondition('this code or link has expired; send a new one');
  return failedPrecondition('this request cannot be verified with a code; use its magic link');
}

/** Why a request cannot be sent again, or undefined when it can. */
export function cannotResend(row: RequestRow, now: number): ApiError | undefined {
  if (row.consumed_at !== null) return failedPrecondition('this request was already used; start a new one');
  if (row.attempts >= MAX_WRONG_CODES) {
    return failedPrecondition('too many wrong codes for this request; start a new one');
  }
  if (row.resends >= MAX_RESENDS) {
    return new ApiError(
      'RESOURCE_EXHAUSTED',
      `a request can be sent again at most ${MAX_RESENDS} times; start a new one`,
    );
  }
  const wait = Math.ceil((Date.parse(row.last_sent_at) + RESEND_INTERVAL_SECONDS * 1000 - now) / 1000);
  if (wait > 0) {
    return new ApiError('RESOURCE_EXHAUSTED', `wait ${wait} seconds before sending the code again`, wait);
  }
  return undefined;
}
