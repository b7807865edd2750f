// Sign-in benchmark (`npm run bench:login`, also run by `npm run bench`): the code flow for a
// signed-in person (authorize → code → token, no password hashing) per second; password sign-ins
// per second against the argon2id bound (one verification's time on one core, measured here in the
// same run); and the client-credentials token endpoint again. SQLite, then PostgreSQL when reachable.
// Settings: BENCH_DURATION (default 10 s), BENCH_LOGIN_WORKERS (default 32); --write records the
// results in docs/benchmarks.md.
import os from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../packages/server/src/credentials/passwords.ts';
import { getToken } from './api.ts';
import { load, loadServer, type Rate } from './closed-loop.ts';
import { BenchBrowser, codeFlow, passwordSignIn } from './login-client.ts';
import { seedPeople } from './login-seed.ts';
import { freshPostgresDatabase } from './postgres.ts';
import { writeResults } from './report.ts';
import { REPO_ROOT, startServerProcess, type ServerProcess } from './server-process.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WORKERS = Number(process.env.BENCH_LOGIN_WORKERS ?? 32);
const START = '<!-- bench:login:start -->';
const END = '<!-- bench:login:end -->';
const only = process.env.BENCH_ONLY?.split(',');
const wanted = !only || only.includes('login');
const phases = (process.env.BENCH_LOGIN_PHASES ?? 'signin,flow,token').split(',');

/** One argon2id verification's time on one core, as the server's parameters make it. */
async function argon2Bound(): Promise<{ ms: number; perSecond: number }> {
  const hash = await hashPassword('bench password for the bound');
  for (let i = 0; i < 3; i++) await verify(hash, 'bench password for the bound');
  const n = 30;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await verify(hash, 'bench password for the bound');
  const ms = (performance.now() - t0) / n;
  return { ms, perSecond: 1000 / ms };
}

async function measure(server: ServerProcess, label: string, bound: { perSecond: number }) {
  const db = label === 'PostgreSQL' ? 'postgres' : undefined;
  const token = await getToken(server);
  const people = await seedPeople(server, token, WORKERS);
  const browsers = people.map(() => new BenchBrowser(server));
  const skipped: Rate = { perSecond: NaN, p50: NaN, p99: NaN, errors: 0 };
  process.stderr.write(`${label}: password sign-ins (${DURATION_S} s, ${WORKERS} people at once)\n`);
  const signIns = !phases.includes('signin')
    ? skipped
    : await loadServer(server, db, WORKERS, DURATION_S, async (w) => {
        const person = people[w]!;
        await passwordSignIn(new BenchBrowser(server), server, person.email, person.password);
      });
  for (const [w, browser] of browsers.entries())
    await passwordSignIn(browser, server, people[w]!.email, people[w]!.password);
  process.stderr.write(`${label}: code flows for signed-in people\n`);
  await load(WORKERS, 2, (w) => codeFlow(browsers[w]!, server));
  const flows = !phases.includes('flow')
    ? skipped
    : await loadServer(server, db, WORKERS, DURATION_S, (w) => codeFlow(browsers[w]!, server));
  process.stderr.write(`${label}: client-credentials token endpoint\n`);
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: server.clientId,
    client_secret: server.clientSecret,
  });
  const tokens = !phases.includes('token')
    ? skipped
    : await loadServer(server, db, WORKERS, DURATION_S, async () => {
        const res = await fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        if (res.status !== 200) throw new Error(`token: ${res.status}`);
        await res.arrayBuffer();
      });
  return { label, flows, signIns, signInShare: signIns.perSecond / bound.perSecond, tokens };
}

const cpuMsPerOp = (r: Rate) => ((r.serverCpu ?? NaN) * 10) / r.perSecond;
const fmt = (r: Rate) =>
  `${r.perSecond.toFixed(0)}/s | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ` +
  `${(r.serverCpu ?? NaN).toFixed(0)}% | ${cpuMsPerOp(r).toFixed(2)} ms | ${r.errors}`;

async function main(): Promise<void> {
  if (!wanted) {
    process.stdout.write('login: not selected by BENCH_ONLY\n');
    return;
  }
  process.stdout.write('\n== sign-in\n');
  const bound = await argon2Bound();
  process.stderr.write(
    `argon2id bound: ${bound.ms.toFixed(1)} ms per verification = ${bound.perSecond.toFixed(1)}/s on one core\n`,
  );
  const env = { GATEHOUSE_LOGIN_LIMIT_ACCOUNT: '0', GATEHOUSE_LOGIN_LIMIT_IP: '0' };
  const rows = [];
  const sqlite = await startServerProcess({ env, cpuProfileDir: process.env.BENCH_CPU_PROF });
  try {
    rows.push(await measure(sqlite, 'SQLite', bound));
  } finally {
    await sqlite.stop();
  }
  const database = await freshPostgresDatabase();
  if (!('unavailable' in database)) {
    const server = await startServerProcess({ env, databaseUrl: database.url });
    try {
      rows.push(await measure(server, 'PostgreSQL', bound));
    } finally {
      await server.stop();
      await database.drop();
    }
  }
  const lines = [
    START,
    `### Sign-in (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${DURATION_S} s each, ${WORKERS} at once)`,
    '',
    `argon2id bound: one verification takes ${bound.ms.toFixed(1)} ms on one core, so one core can check ${bound.perSecond.toFixed(1)} passwords per second.`,
    '',
    '| engine | scenario | rate | p50 | p99 | server CPU | server CPU per operation | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.flatMap((r) => [
      `| ${r.label} | code flow, signed-in person (authorize → code → token) | ${fmt(r.flows)} |`,
      `| ${r.label} | password sign-in (authorize, email, password, back to the app) — ${(r.signInShare * 100).toFixed(0)}% of the one-core argon2id bound | ${fmt(r.signIns)} |`,
      `| ${r.label} | POST /oauth/token (client_credentials) | ${fmt(r.tokens)} |`,
    ]),
    END,
  ];
  process.stdout.write(`\n${lines.slice(1, -1).join('\n')}\n`);
  if (process.argv.includes('--write') || process.env.BENCH_WRITE === '1') {
    writeResults(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), lines.slice(1, -1).join('\n'), [START, END]);
  }
}

// Top-level await, so `npm run bench` (which imports this file last) waits for it.
try {
  await main();
} catch (error) {
  process.stderr.write(`login bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}
