// SAML ACS benchmark (`npm run bench:saml`): SAML responses validated per second on one core — the
// full check of validateSamlResponse (signature against the pinned certificate, conditions, the
// replay insert and the InResponseTo consumption) on an embedded SQLite store, in this process.
// Responses are signed beforehand by the samlify test IdP, outside the timed part; one batch is
// validated first, unmeasured (JIT warm-up). Reported per wall second and per CPU-second of this
// process (what one unshared core would do; it holds up better on a busy machine).
// Settings: BENCH_DURATION (seconds of validation, default 5); --write records the result in
// docs/benchmarks.md. Target: 500 per second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSamlAuthnRequest } from '../packages/server/src/sso/saml/saml-request.ts';
import { validateSamlResponse } from '../packages/server/src/sso/saml/saml-response.ts';
import { openStore } from '../packages/server/src/store/database.ts';
import { migrateToLatest } from '../packages/server/src/store/migrations.ts';
import { samlFixture } from '../packages/server/test/helpers/saml-sp.ts';
import { writeResults } from './report.ts';
import { REPO_ROOT } from './server-process.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const BATCH = 200;
const TARGET = 500;
const START = '<!-- bench:saml:start -->';
const END = '<!-- bench:saml:end -->';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-saml-'));
  const store = openStore(path.join(dir, 'saml.db'));
  await migrateToLatest(store.db, store.engine);
  const f = samlFixture(store.db);
  let validated = 0;
  let busyMs = 0;
  let cpuMs = 0;
  let warm = false;
  while (busyMs < DURATION_S * 1000) {
    const responses: string[] = [];
    for (let i = 0; i < BATCH; i++) {
      const { requestId } = await createSamlAuthnRequest(store.db, f.config, 'bench');
      responses.push(await f.idp.respond(f.sp, { nameId: `user${i}@example.com`, inResponseTo: requestId }));
    }
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const response of responses) await validateSamlResponse(store.db, f.config, response);
    const cpu = process.cpuUsage(cpu0);
    if (!warm) {
      warm = true;
      continue;
    }
    busyMs += performance.now() - t0;
    cpuMs += (cpu.user + cpu.system) / 1000;
    validated += responses.length;
  }
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const perSecond = validated / (busyMs / 1000);
  const perCpuSecond = validated / (cpuMs / 1000);
  const verdict = (n: number) => (n >= TARGET ? 'meets' : 'misses');
  const section = [
    `SAML responses validated at the ACS, one core, SQLite (${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}):`,
    '',
    '| what | per second | per CPU-second | CPU per response |',
    '| --- | ---: | ---: | ---: |',
    `| validateSamlResponse (SP-initiated, RSA-SHA256 signed assertion, replay + InResponseTo stores) | ${perSecond.toFixed(0)} | ${perCpuSecond.toFixed(0)} | ${(cpuMs / validated).toFixed(2)} ms |`,
    '',
    `- ${validated} responses in ${(busyMs / 1000).toFixed(1)} s of validation (${(cpuMs / 1000).toFixed(1)} s of CPU); ` +
      `per wall second it ${verdict(perSecond)}, per CPU-second it ${verdict(perCpuSecond)} the target of ${TARGET} per second.`,
  ].join('\n');
  process.stdout.write(`\n${section}\n`);
  if (process.argv.includes('--write') || process.env.BENCH_WRITE === '1') {
    writeResults(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), section, [START, END]);
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`saml bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}
