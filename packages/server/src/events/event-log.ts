// Appends an event row inside the caller's transaction, so a change and the event describing it
// commit or vanish together (the outbox that webhook delivery will read).
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';
import { nudgeEventReaders } from './event-nudge.ts';

export interface EventInput {
  /** e.g. organization.created */
  type: string;
  organizationId: string | null;
  /** The kind of object the event is about, e.g. Organization. */
  object: string;
  /** The object under its kind, e.g. { organization: {...} }, as webhook handlers read it. */
  data: Record<string, unknown>;
}

export async function appendEvent(
  db: Kysely<Database>,
  environmentId: string,
  input: EventInput,
): Promise<string> {
  const id = newId('evt');
  await db
    .insertInto('events')
    .values({
      id,
      type: input.type,
      occurred_at: isoNow(),
      environment_id: environmentId,
      organization_id: input.organizationId,
      object: input.object,
      data: JSON.stringify(input.data),
    })
    .execute();
  nudgeEventReaders();
  return id;
}
