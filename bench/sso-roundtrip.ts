// SSO round-trip benchmark (`npm run bench:sso`, also run by `npm run bench`): full SP-initiated SAML
// logins per second. One login, from a fresh browser: `/oauth/authorize` with `organization_id` →
// the AuthnRequest redirect to the IdP → the IdP's signed response (bench/sso-idp.ts, in this
// process) → POST to the ACS → the hand-off to the interaction → the code at the application's
// callback → the code exchanged for tokens. The people were provisioned (JIT) during the warm-up,
// so a measured login signs in a known person and syncs their profile. SQLite, then PostgreSQL when
// reachable. Settings: BENCH_DURATION (default 10 s), BENCH_WARMUP (default 2 s), BENCH_SSO_WORKERS
// (default 16); --write records the results in docs/benchmarks.md.
import os from 'node:os';
import path from 'node:path';
import { getToken } from './api.ts';
import { cpuMsPerOperation, load, loadServer, type Rate } from './closed-loop.ts';
import { BenchBrowser, authorizePath, exchangeCode, pkce } from './login-client.ts';
import { freshPostgresDatabase } from './postgres.ts';
import { writeResults } from './report.ts';
import { REPO_ROOT, startServerProcess, type ServerProcess } from './server-process.ts';
import { BenchIdp } from './sso-idp.ts';
import { seedSsoOrganization, type SsoOrganization } from './sso-seed.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const WORKERS = Number(process.env.BENCH_SSO_WORKERS ?? 16);
const START = '<!-- bench:sso:start -->';
const END = '<!-- bench:sso:end -->';
const only = process.env.BENCH_ONLY?.split(',');
const wanted = !only || only.includes('sso');

/** One whole SP-initiated login through the IdP, ending with the token exchange. */
async function ssoLogin(server: ServerProcess, idp: BenchIdp, org: SsoOrganization, email: string) {
  const browser = new BenchBrowser(server);
  const { verifier, challenge } = pkce();
  const authorize = `${authorizePath(server, challenge)}&organization_id=${org.organizationId}`;
  const toIdp = await browser.until(await browser.request(authorize));
  if (!toIdp.callback) throw new Error(`authorize did not lead to the IdP (${toIdp.res.status})`);
  const posted = await browser.request(
    new URL(org.sp.acsUrl).pathname,
    idp.answer(toIdp.callback, org.sp, email),
  );
  if (posted.status !== 303) throw new Error(`the ACS answered ${posted.status}: ${await posted.text()}`);
  const { callback } = await browser.until(posted);
  const code = callback?.searchParams.get('code');
  if (!code) throw new Error('the login did not reach the callback with a code');
  await exchangeCode(server, code, verifier);
}

interface Row {
  label: string;
  rate: Rate;
  /** The IdP's signing and parsing in this process, per login (not server time). */
  idpMsPerLogin: number;
  /** This process (browsers and IdP) in % of one core. */
  benchCpu: number;
}

async function measure(server: ServerProcess, label: string): Promise<Row> {
  const db = label === 'PostgreSQL' ? 'postgres' : undefined;
  const idp = new BenchIdp();
  const org = await seedSsoOrganization(server, await getToken(server), idp);
  const people = Array.from({ length: WORKERS }, (_, w) => `bench${w}-person@${org.domain}`);
  const once = (w: number) => ssoLogin(server, idp, org, people[w]!);
  process.stderr.write(`${label}: SSO logins (${WARMUP_S} s warm-up, ${DURATION_S} s, ${WORKERS} at once)\n`);
  for (const [w] of people.entries()) await once(w); // provisions each person (JIT) once
  if (WARMUP_S > 0) await load(WORKERS, WARMUP_S, once);
  const idp0 = idp.busyMs;
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  const rate = await loadServer(server, db, WORKERS, DURATION_S, once);
  const self = process.cpuUsage(self0);
  const benchCpu = (100 * (self.user + self.system)) / 1000 / (performance.now() - t0);
  const logins = rate.perSecond * DURATION_S;
  return { label, rate, idpMsPerLogin: (idp.busyMs - idp0) / logins, benchCpu };
}

const fmt = (n: number | undefined, digits = 0) =>
  n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '-';

function section(rows: Row[]): string {
  return [
    `### SSO round trip (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${DURATION_S} s each, ${WORKERS} at once)`,
    '',
    'One login: `/oauth/authorize` with `organization_id` → AuthnRequest redirect → IdP → ACS → hand-off → code → token.',
    '',
    '| engine | logins/s | p50 | p99 | server CPU | server CPU per login | PostgreSQL CPU | IdP per login (bench process) | bench process CPU | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ label, rate: r, idpMsPerLogin, benchCpu }) =>
        `| ${label} | ${fmt(r.perSecond)} | ${fmt(r.p50, 1)} ms | ${fmt(r.p99, 1)} ms | ${fmt(r.serverCpu)}% | ` +
        `${fmt(cpuMsPerOperation(r), 2)} ms | ${r.databaseCpu === undefined || Number.isNaN(r.databaseCpu) ? '-' : `${fmt(r.databaseCpu)}%`} | ` +
        `${fmt(idpMsPerLogin, 2)} ms | ${fmt(benchCpu)}% | ${r.errors} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  if (!wanted) {
    process.stdout.write('sso: not selected by BENCH_ONLY\n');
    return;
  }
  process.stdout.write('\n== SSO round trip\n');
  const rows: Row[] = [];
  const sqlite = await startServerProcess({ cpuProfileDir: process.env.BENCH_CPU_PROF });
  try {
    rows.push(await measure(sqlite, 'SQLite'));
  } finally {
    await sqlite.stop();
  }
  const database = await freshPostgresDatabase();
  if ('unavailable' in database) {
    process.stderr.write(`postgres: not run (${database.unavailable})\n`);
  } else {
    const server = await startServerProcess({ databaseUrl: database.url });
    try {
      rows.push(await measure(server, 'PostgreSQL'));
    } finally {
      await server.stop();
      await database.drop();
    }
  }
  const text = section(rows);
  process.stdout.write(`\n${text}\n`);
  if (process.argv.includes('--write') || process.env.BENCH_WRITE === '1') {
    writeResults(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), text, [START, END]);
  }
}

// Top-level await, so `npm run bench` (which imports this file) waits for it.
try {
  await main();
} catch (error) {
  process.stderr.write(`sso bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}
