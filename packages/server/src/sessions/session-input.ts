// What the sign-in code hands to UserSessions.start(), checked before anything is written. These
// values come from our own code and from request headers (ip, user agent), never from a session's
// owner directly, so the checks guard against bugs and oversized headers rather than attackers.
import { invalidArgument } from '../contract/api-error.ts';

export interface StartSessionInput {
  userId: string;
  /** The organization the person signed in to; null or absent when none was chosen yet. */
  organizationId?: string | null;
  /** The OIDC provider's session uid, unique: one Gatehouse session per provider session. */
  oidcSessionUid?: string | null;
  /** password, otp, magic_link, sso, passkey, social… */
  authMethod: string;
  ip?: string | null;
  userAgent?: string | null;
}

export const MAX_USER_AGENT = 512;
const MAX_IP = 64;
const MAX_REASON = 200;

function optional(value: string | null | undefined, max: number): string | null {
  const text = value?.trim();
  return text ? text.slice(0, max) : null;
}

export function checkedStart(input: StartSessionInput) {
  const userId = input.userId?.trim();
  if (!userId) throw invalidArgument('user_id is required');
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(input.authMethod ?? '')) {
    throw invalidArgument(
      `auth_method "${input.authMethod}" must be a short lowercase name such as password`,
    );
  }
  const uid = input.oidcSessionUid ?? null;
  if (uid !== null && (uid.length === 0 || uid.length > 255)) {
    throw invalidArgument('oidc_session_uid must be 1-255 characters');
  }
  return {
    userId,
    organizationId: optional(input.organizationId, 255),
    oidcSessionUid: uid,
    authMethod: input.authMethod,
    ip: optional(input.ip, MAX_IP),
    userAgent: optional(input.userAgent, MAX_USER_AGENT),
  };
}

/** A revocation reason as stored: trimmed, at most 200 characters. */
export function revocationReason(reason: string): string {
  return reason.trim().slice(0, MAX_REASON) || 'revoked';
}
