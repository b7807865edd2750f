// What happened to an endpoint's deliveries, attempt by attempt (newest first), and a manual retry.
import type { AppContext } from '../app-context.ts';
import { ApiError, invalidArgument } from '../contract/api-error.ts';
import { isoNow } from '../util/time.ts';
import { getEndpoint } from './endpoint-service.ts';
import { wakeDeliveryWorkers } from './webhook-workers.ts';

const MAX_PAGE = 100;

export async function listAttempts(ctx: AppContext, endpointId: string, query: URLSearchParams) {
  await getEndpoint(ctx, endpointId);
  const size = Number(query.get('page_size') ?? 50);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw invalidArgument(`page_size: expected 1 to ${MAX_PAGE}`);
  }
  const token = query.get('page_token');
  if (token !== null && !/^wha_[0-9a-z]{26}$/.test(token)) throw invalidArgument('page_token: invalid');
  let select = ctx.db
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select([
      'a.id',
      'a.delivery_id',
      'a.event_id',
      'a.event_type',
      'a.attempt',
      'a.attempted_at',
      'a.status_code',
      'a.error',
      'a.duration_ms',
      'a.next_retry_at',
      'd.status as delivery_status',
    ])
    .where('a.endpoint_id', '=', endpointId)
    .orderBy('a.id', 'desc')
    .limit(size + 1);
  if (token) select = select.where('a.id', '<', token);
  const rows = await select.execute();
  const page = rows.slice(0, size);
  return {
    deliveries: page.map((r) => ({
      id: r.id,
      delivery_id: r.delivery_id,
      event_id: r.event_id,
      event_type: r.event_type,
      attempt: r.attempt,
      attempt_time: r.attempted_at,
      ...(r.status_code === null ? {} : { status_code: r.status_code }),
      ...(r.error === null ? {} : { error: r.error }),
      duration_ms: r.duration_ms,
      ...(r.next_retry_at === null ? {} : { next_retry_time: r.next_retry_at }),
      delivery_status: r.delivery_status,
    })),
    next_page_token: rows.length > size ? (page[page.length - 1]?.id ?? '') : '',
  };
}

/** Makes a delivery due now, whatever became of it; the next attempt is logged like any other. */
export async function retryDelivery(ctx: AppContext, deliveryId: string) {
  const now = isoNow();
  const row = await ctx.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.status', 'd.locked_until', 'e.enabled'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) throw new ApiError('NOT_FOUND', `webhook delivery ${deliveryId} not found`);
  if (row.enabled !== 1)
    throw new ApiError('FAILED_PRECONDITION', 'the endpoint is disabled; enable it first');
  if (row.status === 'pending' && row.locked_until !== null && row.locked_until > now) {
    throw new ApiError('FAILED_PRECONDITION', 'the delivery is being attempted right now');
  }
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, updated_at: now })
    .where('id', '=', deliveryId)
    .execute();
  wakeDeliveryWorkers();
  return { delivery: { id: deliveryId, status: 'pending', next_attempt_time: now } };
}
