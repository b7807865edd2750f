// Admin-portal sessions. Consuming a portal link starts one: a random token in an HttpOnly,
// SameSite=Lax cookie scoped to /portal (Secure when the public URL is https), stored as its SHA-256
// with the link's organization and features. A session ends after 30 minutes without a request or
// 8 hours after it started, whichever comes first; it only ever acts on its own organization.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { AnyRequest } from '../http/respond.ts';
import { newSecret } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { sha256Hex } from '../util/hash.ts';
import { isoAfterSeconds, isoNow } from '../util/time.ts';
import type { ConsumedLink } from './portal-link-service.ts';

export const PORTAL_COOKIE = 'gatehouse_portal';
export const PORTAL_PATH = '/portal';
export const IDLE_TIMEOUT_SECONDS = 30 * 60;
export const ABSOLUTE_TIMEOUT_SECONDS = 8 * 60 * 60;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface PortalSession {
  /** SHA-256 of the cookie's token: the session's key, and what its CSRF tokens are bound to. */
  tokenHash: string;
  organizationId: string;
  features: string[];
  expiresAt: string;
}

/** Inserts the session for a link being consumed (inside that transaction); returns its token. */
export async function startPortalSession(trx: Kysely<Database>, link: ConsumedLink): Promise<string> {
  const token = newSecret();
  const now = Date.now();
  await trx
    .insertInto('portal_sessions')
    .values({
      token_hash: sha256Hex(token),
      organization_id: link.organizationId,
      link_id: link.linkId,
      features: JSON.stringify(link.features),
      created_at: new Date(now).toISOString(),
      idle_expires_at: isoAfterSeconds(IDLE_TIMEOUT_SECONDS, now),
      expires_at: isoAfterSeconds(ABSOLUTE_TIMEOUT_SECONDS, now),
    })
    .execute();
  return token;
}

function cookieAttributes(ctx: AppContext): string {
  const secure = ctx.config.publicUrl.startsWith('https:') ? '; Secure' : '';
  return `; Path=${PORTAL_PATH}; HttpOnly; SameSite=Lax${secure}`;
}

export function sessionCookie(ctx: AppContext, token: string): string {
  return `${PORTAL_COOKIE}=${token}${cookieAttributes(ctx)}; Max-Age=${ABSOLUTE_TIMEOUT_SECONDS}`;
}

export function clearedSessionCookie(ctx: AppContext): string {
  return `${PORTAL_COOKIE}=${cookieAttributes(ctx)}; Max-Age=0`;
}

/** The portal token in the request's cookies; a malformed one counts as none. */
function cookieToken(req: AnyRequest): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== PORTAL_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * The live session this browser's cookie names, its idle deadline pushed forward; undefined for no
 * cookie, a forged or unknown token, or a session past either deadline.
 */
export async function readPortalSession(
  ctx: AppContext,
  req: AnyRequest,
): Promise<PortalSession | undefined> {
  const token = cookieToken(req);
  if (!token) return undefined;
  const now = isoNow();
  const row = await ctx.db
    .selectFrom('portal_sessions')
    .selectAll()
    .where('token_hash', '=', sha256Hex(token))
    .where('idle_expires_at', '>', now)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const idle = isoAfterSeconds(IDLE_TIMEOUT_SECONDS);
  await ctx.db
    .updateTable('portal_sessions')
    .set({ idle_expires_at: idle < row.expires_at ? idle : row.expires_at })
    .where('token_hash', '=', row.token_hash)
    .execute();
  return {
    tokenHash: row.token_hash,
    organizationId: row.organization_id,
    features: JSON.parse(row.features) as string[],
    expiresAt: row.expires_at,
  };
}

export async function endPortalSession(ctx: AppContext, session: PortalSession): Promise<void> {
  await ctx.db.deleteFrom('portal_sessions').where('token_hash', '=', session.tokenHash).execute();
}
