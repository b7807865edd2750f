// Claiming due deliveries for this instance, with a lease. PostgreSQL: FOR UPDATE SKIP LOCKED, so
// instances take disjoint rows without waiting. SQLite (one writer): the same conditional UPDATE is
// atomic. Either way a claim is only a lease (locked_until): a crashed instance's claims come due again.
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { WebhookDeliveryTable } from './webhook-tables.ts';

export type ClaimedDelivery = WebhookDeliveryTable;

export async function claimDeliveries(
  ctx: AppContext,
  owner: string,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const now = new Date();
  const nowIso = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const skipLocked = ctx.store.engine === 'postgres' ? sql`for update of d skip locked` : sql``;
  const result = await sql<ClaimedDelivery>`
    update webhook_deliveries
       set locked_until = ${until}, locked_by = ${owner}
     where id in (
       select d.id from webhook_deliveries d
         join webhook_endpoints e on e.id = d.endpoint_id
        where d.status = 'pending' and d.next_attempt_at <= ${nowIso}
          and (d.locked_until is null or d.locked_until < ${nowIso})
          and e.enabled = 1
        order by d.next_attempt_at, d.event_seq
        limit ${limit}
        ${skipLocked})
       and status = 'pending'
       and (locked_until is null or locked_until < ${nowIso})
    returning *`.execute(ctx.db);
  // RETURNING gives no order; deliveries go out in event order.
  return result.rows.sort((a, b) => Number(a.event_seq) - Number(b.event_seq));
}

/** Gives back claims this instance will not finish (shutdown, a chain cut short), for anyone to take now. */
export async function releaseClaims(ctx: AppContext, owner: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({ locked_until: null, locked_by: null })
    .where('id', 'in', ids)
    .where('locked_by', '=', owner)
    .where('status', '=', 'pending')
    .execute();
}
