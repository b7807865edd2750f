// The client.* events of environment clients, appended in the caller's transaction, and the lookup
// every environment-client method starts with.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import { appendEvent } from '../events/event-log.ts';
import type { Database } from '../store/schema.ts';
import { applicationEventData } from './application-mapper.ts';
import * as store from './application-store.ts';
import type { ApplicationRow, ApplicationSecretRow } from './application-store.ts';

/** client.created, client.updated, client.deleted, client.secret_created|updated|deleted. */
export async function applicationEvent(
  ctx: AppContext,
  trx: Kysely<Database>,
  type: string,
  row: ApplicationRow,
  secrets: ApplicationSecretRow[],
): Promise<void> {
  await appendEvent(trx, ctx.environmentId, {
    type,
    organizationId: null,
    object: 'Client',
    data: applicationEventData(row, secrets),
  });
}

/** The environment client, or NOT_FOUND (an organization's client is not one). */
export async function requireApplication(db: Kysely<Database>, clientId: string): Promise<ApplicationRow> {
  if (!clientId) throw invalidArgument('client_id is required');
  const row = await store.findApplication(db, clientId);
  if (!row) throw notFound(`client ${clientId} not found`);
  return row;
}
