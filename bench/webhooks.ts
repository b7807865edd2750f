// Webhook delivery benchmark: deliveries per second to a local receiver (organizations created as
// fast as the API takes them, each event fanned out to several endpoints), and the time from a
// change (the create request) to its delivery, one change at a time. SQLite, then PostgreSQL when
// reachable. Run: node --import tsx bench/webhooks.ts [--endpoints 10] [--events 2000]
import { getToken } from './api.ts';
import { freshPostgresDatabase } from './postgres.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { startBenchReceiver, type BenchReceiver } from './webhook-receiver.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENDPOINTS = arg('endpoints', 10);
const EVENTS = arg('events', 2000);
const LATENCY_SAMPLES = arg('samples', 300);
const CONCURRENCY = 32;

async function api(server: ServerProcess, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, any>; // any: JSON answers
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for deliveries');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function throughput(server: ServerProcess, token: string, receiver: BenchReceiver) {
  const endpoints: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const { endpoint } = await api(server, token, 'POST', '/api/v1/webhooks/endpoints', {
      url: `${receiver.url}/t${i}`,
      event_types: ['organization.created'],
    });
    endpoints.push(endpoint.id);
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        next++;
        await api(server, token, 'POST', '/api/v1/organizations', { display_name: `Bench ${next}` });
      }
    }),
  );
  const created = performance.now();
  const total = EVENTS * ENDPOINTS;
  await waitUntil(() => receiver.arrivals.length >= total, 300_000);
  const done = performance.now();
  for (const id of endpoints) await api(server, token, 'DELETE', `/api/v1/webhooks/endpoints/${id}`);
  return {
    deliveries: total,
    seconds: (done - started) / 1000,
    perSecond: Math.round(total / ((done - started) / 1000)),
    changesPerSecond: Math.round(EVENTS / ((created - started) / 1000)),
  };
}

async function latency(server: ServerProcess, token: string, receiver: BenchReceiver) {
  const { endpoint } = await api(server, token, 'POST', '/api/v1/webhooks/endpoints', {
    url: `${receiver.url}/latency`,
    event_types: ['organization.created'],
  });
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const sent = performance.now();
    const { organization } = await api(server, token, 'POST', '/api/v1/organizations', {
      display_name: `L ${i}`,
    });
    await waitUntil(() => receiver.firstByOrganization.has(organization.id), 10_000);
    samples.push((receiver.firstByOrganization.get(organization.id) as number) - sent);
    await new Promise((r) => setTimeout(r, 10));
  }
  await api(server, token, 'DELETE', `/api/v1/webhooks/endpoints/${endpoint.id}`);
  samples.sort((a, b) => a - b);
  return {
    p50: +pct(samples, 0.5).toFixed(1),
    p99: +pct(samples, 0.99).toFixed(1),
    max: +(samples.at(-1) ?? 0).toFixed(1),
  };
}

async function runOn(label: string, databaseUrl?: string) {
  const server = await startServerProcess(databaseUrl ? { databaseUrl } : {});
  const receiver = await startBenchReceiver();
  try {
    const token = await getToken(server);
    const lat = await latency(server, token, receiver);
    const thr = await throughput(server, token, receiver);
    process.stdout.write(
      `${label}: ${thr.perSecond} deliveries/s (${thr.deliveries} deliveries = ${EVENTS} changes x ${ENDPOINTS} endpoints ` +
        `in ${thr.seconds.toFixed(2)} s; changes accepted at ${thr.changesPerSecond}/s); ` +
        `change-to-delivery p50 ${lat.p50} ms, p99 ${lat.p99} ms, max ${lat.max} ms (${LATENCY_SAMPLES} sequential changes)\n`,
    );
  } finally {
    await receiver.close();
    await server.stop();
  }
}

// `npm run bench` runs this after bench/run.ts; BENCH_ONLY without `webhooks` leaves it out.
const only = process.env.BENCH_ONLY?.split(',').map((k) => k.trim());
if (only && !only.includes('webhooks')) {
  process.stdout.write('webhooks: not selected by BENCH_ONLY\n');
} else {
  process.stdout.write('\n== webhook delivery\n');
  await runOn('sqlite');
  const pg = await freshPostgresDatabase();
  if ('url' in pg) {
    try {
      await runOn('postgres', pg.url);
    } finally {
      await pg.drop();
    }
  } else {
    process.stdout.write(`postgres: not run (${pg.unavailable})\n`);
  }
}
