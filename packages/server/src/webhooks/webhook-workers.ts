// Starts and stops this process's webhook workers: the fan-out (events → deliveries) and the
// delivery sender. Any number of instances may run them against one database.
import type { AppContext } from '../app-context.ts';
import { onEventAppended } from '../events/event-nudge.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { fanOutBatch } from './fanout.ts';
import { WorkerLoop } from './worker-loop.ts';

export interface WebhookWorkers {
  stop(): Promise<void>;
}

// Every delivery worker of this process, so an API call (a manual retry) can wake them.
const deliveryWakers = new Set<() => void>();

export function wakeDeliveryWorkers(): void {
  for (const wake of deliveryWakers) wake();
}

export function startWebhookWorkers(ctx: AppContext): WebhookWorkers {
  const { webhookPollMs } = ctx.config;
  const sender = new DeliveryWorker(ctx);
  const delivery = new WorkerLoop('delivery', sender.step, webhookPollMs, ctx.logger);
  const fanout = new WorkerLoop(
    'fanout',
    async () => {
      const { events, deliveries } = await fanOutBatch(ctx);
      if (deliveries > 0) delivery.wake();
      return events === 500;
    },
    webhookPollMs,
    ctx.logger,
  );
  const unsubscribe = onEventAppended(fanout.wake);
  deliveryWakers.add(delivery.wake);
  fanout.start();
  delivery.start();
  return {
    async stop() {
      unsubscribe();
      deliveryWakers.delete(delivery.wake);
      sender.abort();
      await Promise.all([fanout.stop(), delivery.stop()]);
    },
  };
}
