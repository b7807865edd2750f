// A closed-loop load generator for the benchmarks that drive whole flows: each worker runs one
// operation after another until the time is up; successes are timed, failures counted. With the
// server's CPU over the same window, the server's CPU time per operation follows.
import { startCpuMeter } from './cpu-meter.ts';
import type { ServerProcess } from './server-process.ts';

export interface Rate {
  /** Server CPU in % of one core while loaded; with perSecond, the server's CPU time per operation. */
  serverCpu?: number;
  /** PostgreSQL's CPU in % of one core (NaN on SQLite). */
  databaseCpu?: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(
  workers: number,
  seconds: number,
  once: (worker: number) => Promise<void>,
): Promise<Rate> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await once(worker);
          latencies.push(performance.now() - t0);
        } catch (error) {
          if (++errors === 1) process.stderr.write(`first error: ${String(error)}\n`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

/** `load`, with the server's (and the database server's) CPU use over the window. */
export async function loadServer(
  server: ServerProcess,
  databaseProcess: string | undefined,
  workers: number,
  seconds: number,
  once: (worker: number) => Promise<void>,
): Promise<Rate> {
  const stop = startCpuMeter(server.pid, databaseProcess);
  const rate = await load(workers, seconds, once);
  const cpu = stop();
  return { ...rate, serverCpu: cpu.serverPercent, databaseCpu: cpu.databasePercent };
}

/** Server CPU milliseconds per operation. */
export const cpuMsPerOperation = (r: Rate): number => ((r.serverCpu ?? NaN) * 10) / r.perSecond;
