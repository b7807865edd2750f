// Recording what a batch of attempts did: one attempt row each (the delivery log), the deliveries'
// new state, and the endpoints' health — a success clears the failure window, HTTP 410 disables
// the endpoint at once, and five days of failures disable it with an event.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { appendEvent } from '../events/event-log.ts';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { endpointJson } from './endpoint-service.ts';
import { ENDPOINT_DISABLED_EVENT } from './event-types.ts';
import type { ClaimedDelivery } from './delivery-claim.ts';
import type { OutboundResult } from './outbound.ts';
import { DISABLE_AFTER_FAILING_MS, nextRetryDelay } from './retry-policy.ts';
import type { WebhookAttemptTable } from './webhook-tables.ts';

export interface Outcome {
  delivery: ClaimedDelivery;
  result: OutboundResult;
  attemptedAt: string;
}

export async function recordOutcomes(ctx: AppContext, owner: string, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const now = new Date().toISOString();
  const attempts: WebhookAttemptTable[] = [];
  const succeeded: string[] = [];
  const failures: { outcome: Outcome; nextAt: string | null; gone: boolean }[] = [];
  for (const outcome of outcomes) {
    const { delivery, result } = outcome;
    const attempt = delivery.attempts + 1;
    const ok = result.error === null;
    const gone = result.statusCode === 410;
    const delay =
      ok || gone ? null : nextRetryDelay(ctx.config.webhookRetrySchedule, attempt, result.retryAfterSeconds);
    const nextAt = delay === null ? null : new Date(Date.now() + delay).toISOString();
    attempts.push({
      id: newId('wha'),
      delivery_id: delivery.id,
      endpoint_id: delivery.endpoint_id,
      event_id: delivery.event_id,
      event_type: delivery.event_type,
      attempt,
      attempted_at: outcome.attemptedAt,
      status_code: result.statusCode,
      error: result.error,
      duration_ms: result.durationMs,
      next_retry_at: nextAt,
    });
    if (ok) succeeded.push(delivery.id);
    else failures.push({ outcome, nextAt, gone });
  }

  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < attempts.length; i += 200) {
      await trx
        .insertInto('webhook_attempts')
        .values(attempts.slice(i, i + 200))
        .execute();
    }
    if (succeeded.length > 0) {
      await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: 'succeeded',
          attempts: eb('attempts', '+', 1),
          locked_until: null,
          last_error: null,
          updated_at: now,
        }))
        .where('id', 'in', succeeded)
        .where('locked_by', '=', owner)
        .execute();
    }
    for (const { outcome, nextAt } of failures) {
      await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: nextAt === null ? 'failed' : 'pending',
          attempts: eb('attempts', '+', 1),
          next_attempt_at: nextAt ?? outcome.delivery.next_attempt_at,
          locked_until: null,
          last_error: outcome.result.error,
          updated_at: now,
        }))
        .where('id', '=', outcome.delivery.id)
        .where('locked_by', '=', owner)
        .execute();
    }
    await updateEndpointHealth(ctx, trx, outcomes, failures, now);
  });
  for (const { outcome, nextAt } of failures) {
    ctx.logger.warn(
      {
        delivery: outcome.delivery.id,
        endpoint: outcome.delivery.endpoint_id,
        event: outcome.delivery.event_id,
        status: outcome.result.statusCode,
        error: outcome.result.error,
        nextRetryAt: nextAt,
      },
      nextAt ? 'webhook delivery failed; will retry' : 'webhook delivery failed; giving up',
    );
  }
}

async function updateEndpointHealth(
  ctx: AppContext,
  trx: Kysely<Database>,
  outcomes: Outcome[],
  failures: { outcome: Outcome; gone: boolean }[],
  now: string,
): Promise<void> {
  const healthy = new Set(outcomes.filter((o) => o.result.error === null).map((o) => o.delivery.endpoint_id));
  if (healthy.size > 0) {
    await trx
      .updateTable('webhook_endpoints')
      .set({ failing_since: null })
      .where('id', 'in', [...healthy])
      .where('failing_since', 'is not', null)
      .execute();
  }
  const gone = new Set(failures.filter((f) => f.gone).map((f) => f.outcome.delivery.endpoint_id));
  for (const id of gone) await disable(ctx, trx, id, 'the endpoint answered HTTP 410 Gone');

  const failing = new Set(failures.map((f) => f.outcome.delivery.endpoint_id));
  for (const id of failing) {
    if (healthy.has(id) || gone.has(id)) continue;
    const row = await trx
      .selectFrom('webhook_endpoints')
      .select(['failing_since', 'enabled'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.enabled !== 1) continue;
    if (row.failing_since === null) {
      await trx.updateTable('webhook_endpoints').set({ failing_since: now }).where('id', '=', id).execute();
    } else if (Date.parse(now) - Date.parse(row.failing_since) >= DISABLE_AFTER_FAILING_MS) {
      await disable(ctx, trx, id, `every delivery failed since ${row.failing_since}`);
    }
  }
}

async function disable(ctx: AppContext, trx: Kysely<Database>, id: string, reason: string): Promise<void> {
  const now = new Date().toISOString();
  const result = await trx
    .updateTable('webhook_endpoints')
    .set({ enabled: 0, disabled_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return;
  const row = await trx
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await appendEvent(trx, ctx.environmentId, {
    type: ENDPOINT_DISABLED_EVENT,
    organizationId: null,
    object: 'WebhookEndpoint',
    data: { endpoint: endpointJson(row), reason },
  });
  ctx.logger.warn({ endpoint: id, reason }, 'webhook endpoint disabled');
}
