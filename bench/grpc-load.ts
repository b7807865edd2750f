// A closed-loop load generator for calls autocannon cannot make (gRPC over HTTP/2): `concurrency`
// loops each keep one call in flight until the deadline. Latency is recorded for successful calls.
import type { Measurement } from './measurement.ts';
import { quantile } from './measurement.ts';

export interface ClosedLoopOptions {
  concurrency: number;
  durationMs: number;
}

/** Runs `call(n)` (n counts from 1) from `concurrency` loops for `durationMs`, then measures. */
export async function closedLoop(
  call: (n: number) => Promise<unknown>,
  options: ClosedLoopOptions,
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  let finished = started;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await call(++n);
        const t1 = performance.now();
        latencies.push(t1 - t0);
        finished = Math.max(finished, t1);
      } catch {
        errors++;
        finished = Math.max(finished, performance.now());
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const sorted = Float64Array.from(latencies).sort();
  const seconds = (finished - started) / 1000;
  return {
    requestsPerSecond: seconds > 0 ? latencies.length / seconds : 0,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    errors,
    total: latencies.length + errors,
  };
}
