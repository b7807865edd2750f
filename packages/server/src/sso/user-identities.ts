// Who a person is at each SSO connection they sign in through (one row per user and connection,
// refreshed at every login), and the `identities` claim the ID tokens of such a login carry — the
// shape the official SDK reads into `user.identities` (IdTokenClaimIdentity). The IdP's attributes
// are kept as sent, up to RAW_ATTRIBUTES_LIMIT bytes of JSON: attributes are kept whole, in the
// order the IdP sent them, and those that would pass the limit are left out (the row notes it), so
// one IdP sending huge group lists cannot bloat every token and row.
import type { Kysely } from 'kysely';
import type { ConnectionRow } from '../connections/connection-store.ts';
import type { Database } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';
import type { SamlProfile } from './saml/saml-response.ts';

export const RAW_ATTRIBUTES_LIMIT = 16 * 1024;

/** IdTokenClaimIdentity of @scalekit-sdk/node: the claim's wire shape. */
export interface IdentityClaim {
  connection_id: string;
  organization_id: string;
  connection_type: string;
  provider_name: string;
  social: boolean;
  provider_raw_attributes: string;
}

/** The IdP's subject: the NameID of a SAML assertion, the `sub` of an OIDC ID token. */
export function idpSubject(connection: Pick<ConnectionRow, 'type'>, profile: SamlProfile): string {
  if (connection.type === 'OIDC') return profile.attributes.sub?.[0] ?? profile.nameId;
  return profile.nameId;
}

/** The attributes as JSON, within the limit; `truncated` when some were left out. */
export function cappedAttributes(attributes: Record<string, string[]>): { json: string; truncated: boolean } {
  // No prototype: an attribute an IdP names `__proto__` stays an ordinary key.
  const kept = Object.create(null) as Record<string, string[]>;
  let size = 2;
  let truncated = false;
  for (const [name, values] of Object.entries(attributes)) {
    const entry = Buffer.byteLength(JSON.stringify({ [name]: values })) - 1; // "name":[…], plus a comma
    if (size + entry > RAW_ATTRIBUTES_LIMIT) {
      truncated = true;
      continue;
    }
    kept[name] = values;
    size += entry;
  }
  return { json: JSON.stringify(kept), truncated };
}

/** Creates or refreshes the identity of `userId` at the connection; runs in the caller's transaction. */
export async function recordIdentity(
  db: Kysely<Database>,
  connection: Pick<ConnectionRow, 'id' | 'organization_id' | 'type'>,
  userId: string,
  profile: SamlProfile,
): Promise<void> {
  const now = isoNow();
  const raw = cappedAttributes(profile.attributes);
  const fields = {
    organization_id: connection.organization_id ?? '',
    subject: idpSubject(connection, profile),
    raw_attributes: raw.json,
    raw_attributes_truncated: raw.truncated ? 1 : 0,
    last_login_at: now,
  };
  await db
    .insertInto('user_identities')
    .values({ user_id: userId, connection_id: connection.id, first_login_at: now, ...fields })
    .onConflict((oc) => oc.columns(['user_id', 'connection_id']).doUpdateSet(fields))
    .execute();
}

/**
 * The identities claim of a session: the identity at the connection the session was started
 * through, or [] for a login made some other way (password, passwordless, passkey) or whose
 * connection has since been deleted.
 */
export async function identitiesOfSession(db: Kysely<Database>, sessionId: string): Promise<IdentityClaim[]> {
  const rows = await db
    .selectFrom('user_sessions')
    .innerJoin('user_identities', (join) =>
      join
        .onRef('user_identities.connection_id', '=', 'user_sessions.connection_id')
        .onRef('user_identities.user_id', '=', 'user_sessions.user_id'),
    )
    .innerJoin('connections', 'connections.id', 'user_identities.connection_id')
    .select([
      'user_identities.connection_id',
      'user_identities.organization_id',
      'user_identities.raw_attributes',
      'connections.type',
      'connections.provider',
    ])
    .where('user_sessions.id', '=', sessionId)
    .execute();
  return rows.map((row) => ({
    connection_id: row.connection_id,
    organization_id: row.organization_id,
    connection_type: row.type,
    provider_name: row.provider,
    social: false,
    provider_raw_attributes: row.raw_attributes,
  }));
}

/** Notes the connection a session was started through; runs in the session's own transaction. */
export async function linkSessionConnection(
  db: Kysely<Database>,
  sessionId: string,
  connectionId: string,
): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ connection_id: connectionId })
    .where('id', '=', sessionId)
    .execute();
}
