// Sends claimed deliveries: one signed POST per (event, endpoint). Deliveries to one endpoint go out
// one after another in event order; different endpoints proceed in parallel. A chain that would
// outlive its lease stops early and gives the rest back, so no one else takes a row still in flight.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { eventJson } from '../events/event-payload.ts';
import { claimDeliveries, releaseClaims, type ClaimedDelivery } from './delivery-claim.ts';
import { recordOutcomes, type Outcome } from './delivery-outcome.ts';
import { signingSecrets, type EndpointRow } from './endpoint-service.ts';
import { postWebhook } from './outbound.ts';
import { signDelivery } from './signing.ts';

const BATCH = 200;

export class DeliveryWorker {
  readonly owner = `dw_${randomUUID()}`;
  readonly #abort = new AbortController();
  readonly #leaseMs: number;

  constructor(private readonly ctx: AppContext) {
    // Long enough for one request and its bookkeeping; short enough that a crashed instance's
    // claims come back soon.
    const timeout = ctx.config.webhookTimeoutMs;
    this.#leaseMs = timeout + Math.min(10_000, Math.max(1000, timeout / 2));
  }

  /** Stops in-flight requests; their claims are given back so a restart or a peer sends them. */
  abort(): void {
    this.#abort.abort();
  }

  /** One batch; true when the batch was full. */
  step = async (): Promise<boolean> => {
    const claimedAt = Date.now();
    const claimed = await claimDeliveries(this.ctx, this.owner, BATCH, this.#leaseMs);
    if (claimed.length === 0) return false;
    const [bodies, endpoints] = await Promise.all([this.#loadBodies(claimed), this.#loadEndpoints(claimed)]);
    const chains = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) chains.set(d.endpoint_id, [...(chains.get(d.endpoint_id) ?? []), d]);

    const outcomes: Outcome[] = [];
    const unsent: string[] = [];
    await Promise.all(
      [...chains].map(async ([endpointId, chain]) => {
        const endpoint = endpoints.get(endpointId);
        for (const [i, delivery] of chain.entries()) {
          const body = bodies.get(delivery.event_id);
          const outOfTime = Date.now() - claimedAt + this.ctx.config.webhookTimeoutMs > this.#leaseMs;
          if (!endpoint || body === undefined || this.#abort.signal.aborted || (i > 0 && outOfTime)) {
            unsent.push(delivery.id);
            continue;
          }
          const outcome = await this.#send(endpoint, delivery, body);
          if (this.#abort.signal.aborted) unsent.push(delivery.id);
          else outcomes.push(outcome);
          // 410 disables the endpoint: the rest of this chain waits for it to be re-enabled.
          if (outcome.result.statusCode === 410) {
            unsent.push(...chain.slice(i + 1).map((d) => d.id));
            break;
          }
        }
      }),
    );
    await recordOutcomes(this.ctx, this.owner, outcomes);
    await releaseClaims(this.ctx, this.owner, unsent);
    return claimed.length === BATCH;
  };

  async #send(endpoint: EndpointRow, delivery: ClaimedDelivery, body: string): Promise<Outcome> {
    const attemptedAt = new Date();
    const headers = signDelivery(
      signingSecrets(this.ctx, endpoint, attemptedAt.toISOString()),
      delivery.event_id,
      Math.floor(attemptedAt.getTime() / 1000),
      body,
    );
    const result = await postWebhook(endpoint.url, { ...headers }, body, {
      timeoutMs: this.ctx.config.webhookTimeoutMs,
      allowPrivate: this.ctx.config.webhookAllowPrivate,
      signal: this.#abort.signal,
    });
    return { delivery, result, attemptedAt: attemptedAt.toISOString() };
  }

  async #loadBodies(claimed: ClaimedDelivery[]): Promise<Map<string, string>> {
    const ids = [...new Set(claimed.map((d) => d.event_id))];
    const rows = await this.ctx.db
      .selectFrom('events')
      .select(['id', 'type', 'occurred_at', 'environment_id', 'organization_id', 'object', 'data'])
      .where('id', 'in', ids)
      .execute();
    // One body per event, byte-identical for every endpoint and every retry.
    return new Map(rows.map((row) => [row.id, JSON.stringify(eventJson(row))]));
  }

  async #loadEndpoints(claimed: ClaimedDelivery[]): Promise<Map<string, EndpointRow>> {
    const ids = [...new Set(claimed.map((d) => d.endpoint_id))];
    const rows = await this.ctx.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row]));
  }
}
