// The fan-out: turns new events into deliveries, one per (event, enabled endpoint that wants its
// type), in one transaction with marking the events done. Events are read by a flag rather than a
// seq cursor because on PostgreSQL a lower seq can commit after a higher one; a cursor would skip it.
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';
import type { WebhookDeliveryTable } from './webhook-tables.ts';

const EVENT_BATCH = 500;
const INSERT_CHUNK = 200;

function wants(eventTypes: string[], type: string): boolean {
  return eventTypes.length === 0 || eventTypes.includes(type);
}

/** Fans out one batch of events; returns how many events it took (the caller loops while full). */
export async function fanOutBatch(ctx: AppContext): Promise<{ events: number; deliveries: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('events')
      .select(['seq', 'id', 'type'])
      .where('fanned_out', '=', 0)
      .orderBy('seq')
      .limit(EVENT_BATCH);
    // Two instances fan out disjoint batches instead of waiting on each other.
    if (ctx.store.engine === 'postgres') query = query.forUpdate().skipLocked();
    const events = await query.execute();
    if (events.length === 0) return { events: 0, deliveries: 0 };

    const endpoints = (
      await trx
        .selectFrom('webhook_endpoints')
        .select(['id', 'event_types'])
        .where('enabled', '=', 1)
        .execute()
    ).map((e) => ({ id: e.id, types: JSON.parse(e.event_types) as string[] }));

    const now = isoNow();
    const rows: WebhookDeliveryTable[] = [];
    for (const event of events) {
      for (const endpoint of endpoints) {
        if (!wants(endpoint.types, event.type)) continue;
        rows.push({
          id: newId('whd'),
          endpoint_id: endpoint.id,
          event_seq: event.seq,
          event_id: event.id,
          event_type: event.type,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          locked_until: null,
          locked_by: null,
          last_error: null,
          created_at: now,
          updated_at: now,
        });
      }
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
        .execute();
    }
    const seqs = events.map((e) => e.seq);
    await trx
      .updateTable('events')
      .set({ fanned_out: 1 })
      .where('seq', 'in', seqs)
      .where(sql.ref('fanned_out'), '=', 0)
      .execute();
    return { events: events.length, deliveries: rows.length };
  });
}
