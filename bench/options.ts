// The benchmark's settings, from the environment (and --write from the command line).
//
//   BENCH_DURATION       seconds measured per scenario (default 10)
//   BENCH_WARMUP         seconds of unmeasured load before each scenario (default 2, 0 = none)
//   BENCH_CONNECTIONS    HTTP connections, and concurrent gRPC calls (default 50)
//   BENCH_GRPC_SESSIONS  HTTP/2 sessions the gRPC calls are spread over (default 4)
//   BENCH_ONLY           comma-separated scenario keys (token, rest-get, rest-create, grpc-get,
//                        grpc-create, pg-get, members-page-first|middle|last, permission-check and
//                        their pg- twins) or groups (members-page, permission-check); default all
//   BENCH_CPU_PROF       directory for V8 CPU profiles of the server processes (node --cpu-prof)
//   BENCH_POSTGRES_URL   admin connection for the PostgreSQL scenario (default
//                        postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_WRITE=1 / --write  replace the results block of docs/benchmarks.md
import path from 'node:path';

export interface Options {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  grpcSessions: number;
  only: Set<string> | null;
  cpuProfileDir: string | undefined;
  write: boolean;
}

function envNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${raw}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

export function readOptions(): Options {
  const only = process.env.BENCH_ONLY;
  const profile = process.env.BENCH_CPU_PROF;
  return {
    durationSeconds: envNumber('BENCH_DURATION', 10, 1, 600),
    warmupSeconds: envNumber('BENCH_WARMUP', 2, 0, 60),
    connections: envNumber('BENCH_CONNECTIONS', 50, 1, 1000),
    grpcSessions: envNumber('BENCH_GRPC_SESSIONS', 4, 1, 64),
    only: only ? new Set(only.split(',').map((s) => s.trim())) : null,
    cpuProfileDir: profile ? path.resolve(profile) : undefined,
    write: process.argv.includes('--write') || process.env.BENCH_WRITE === '1',
  };
}
