// AuthnRequests we sent and still await an answer to. A response's InResponseTo must name one of
// them, for the same connection, unexpired and not yet answered; consuming it is a single
// conditional UPDATE, so two concurrent posts of one response cannot both pass, on any instance.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { isoAfterSeconds, isoNow } from '../../util/time.ts';
import type { SamlRequestTable } from './saml-tables.ts';

/** How long the IdP may take to answer: a person signing in, with MFA. */
export const REQUEST_LIFETIME_SECONDS = 10 * 60;

export interface PendingSamlRequest {
  id: string;
  connectionId: string;
  relayState: string | null;
  /** Set when the request is a connection test (sso/connection-test/), which signs nobody in. */
  connectionTestId?: string | null;
}

export async function rememberSamlRequest(
  db: Kysely<Database>,
  request: PendingSamlRequest,
  lifetimeSeconds = REQUEST_LIFETIME_SECONDS,
): Promise<void> {
  await db
    .insertInto('saml_requests')
    .values({
      id: request.id,
      connection_id: request.connectionId,
      relay_state: request.relayState,
      connection_test_id: request.connectionTestId ?? null,
      created_at: isoNow(),
      expires_at: isoAfterSeconds(lifetimeSeconds),
      consumed_at: null,
    })
    .execute();
}

/**
 * Marks the request answered and returns it, or undefined when it is unknown, belongs to another
 * connection, has expired or was already answered — all the same to the caller: refused.
 */
export async function consumeSamlRequest(
  db: Kysely<Database>,
  connectionId: string,
  requestId: string,
): Promise<PendingSamlRequest | undefined> {
  const now = isoNow();
  // One statement: the conditional UPDATE returns the row it consumed (nothing when it was refused).
  const row = await db
    .updateTable('saml_requests')
    .set({ consumed_at: now })
    .where('id', '=', requestId)
    .where('connection_id', '=', connectionId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'connection_id', 'relay_state', 'connection_test_id'])
    .executeTakeFirst();
  return row && pendingFromRow(row);
}

/**
 * The request, when it is still awaiting its answer (known, this connection's, unexpired, not yet
 * answered); undefined otherwise. Reading changes nothing: only the answer consumes it.
 */
export async function findPendingSamlRequest(
  db: Kysely<Database>,
  connectionId: string,
  requestId: string,
): Promise<PendingSamlRequest | undefined> {
  const row = await db
    .selectFrom('saml_requests')
    .select(['id', 'connection_id', 'relay_state', 'connection_test_id'])
    .where('id', '=', requestId)
    .where('connection_id', '=', connectionId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', isoNow())
    .executeTakeFirst();
  return row && pendingFromRow(row);
}

function pendingFromRow(
  row: Pick<SamlRequestTable, 'id' | 'connection_id' | 'relay_state' | 'connection_test_id'>,
): PendingSamlRequest {
  return {
    id: row.id,
    connectionId: row.connection_id,
    relayState: row.relay_state,
    connectionTestId: row.connection_test_id,
  };
}

/** Deletes requests past their expiry; they can no longer be consumed anyway. */
export async function pruneSamlRequests(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('saml_requests').where('expires_at', '<=', isoNow()).execute();
}
