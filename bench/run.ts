// `npm run bench`: measures the RS256 single-core ceiling, starts Gatehouse as a child process, runs
// each scenario against it (SQLite, then PostgreSQL when reachable), and reports. The identity
// scenarios seed a 100,000-member organization on first use and report in their own table.
// Settings: see options.ts.
import path from 'node:path';
import { createOrganization, getToken } from './api.ts';
import { startCpuMeter } from './cpu-meter.ts';
import { verifyFixture } from './identity-check.ts';
import { createIdentityFixture, type IdentityFixture } from './identity-fixture.ts';
import type { ScenarioResult } from './measurement.ts';
import { readOptions } from './options.ts';
import { freshPostgresDatabase } from './postgres.ts';
import {
  consoleTable,
  machineInfo,
  markdownSection,
  targetLines,
  writeResults,
  type Report,
} from './report.ts';
import {
  IDENTITY_END_MARKER,
  IDENTITY_START_MARKER,
  identityConsoleTable,
  identityMarkdown,
  identityTargetLines,
} from './report-identity.ts';
import { measureRs256Ceiling } from './rs256-ceiling.ts';
import { scenarios, type Scenario, type Target } from './scenarios.ts';
import { REPO_ROOT, startServerProcess, type ServerProcess } from './server-process.ts';

const options = readOptions();
const wanted = (s: Scenario) =>
  options.only === null || options.only.has(s.key) || (s.group !== undefined && options.only.has(s.group));

/** Checks the seeded organization reads back as seeded, before anything is measured on it. */
function verified(server: ServerProcess, token: string) {
  return async (fixture: IdentityFixture) => {
    await verifyFixture(server, token, fixture);
    return fixture;
  };
}

/** Starts a server, runs the scenarios against it one after the other, stops it. */
async function runOnServer(
  list: Scenario[],
  databaseUrl: string | undefined,
  databaseProcess?: string,
): Promise<ScenarioResult[]> {
  const server = await startServerProcess({ databaseUrl, cpuProfileDir: options.cpuProfileDir });
  try {
    const token = await getToken(server);
    let identity: Promise<IdentityFixture> | undefined;
    const target: Target = {
      server,
      token,
      organizationId: await createOrganization(server, token, 'bench read target'),
      identity: () => (identity ??= createIdentityFixture(server, token).then(verified(server, token))),
    };
    const results: ScenarioResult[] = [];
    for (const scenario of list) {
      const { warmupSeconds: warmup, durationSeconds: duration } = options;
      await scenario.setup?.(target);
      process.stderr.write(`running: ${scenario.name} (${warmup} s warm-up, ${duration} s measured)\n`);
      if (warmup > 0) await scenario.run(target, warmup, `${scenario.key}-warmup`);
      const stopMeter = startCpuMeter(server.pid, databaseProcess);
      const measurement = await scenario.run(target, duration, scenario.key);
      const cpu = stopMeter();
      const rssMb = server.rssMb();
      const after = await scenario.sequential?.(target, duration);
      results.push({
        key: scenario.key,
        name: scenario.name,
        section: scenario.section,
        ...measurement,
        rssMb,
        cpu,
        sequential: after?.measurement,
        notes: after?.notes ?? [],
      });
    }
    return results;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  process.stderr.write('measuring the RS256 single-core ceiling (3 s)...\n');
  const ceiling = measureRs256Ceiling(3_000);
  const { sqlite, postgres } = scenarios(options);
  const results: ScenarioResult[] = [];
  const notRun: string[] = [];

  if (sqlite.some(wanted)) results.push(...(await runOnServer(sqlite.filter(wanted), undefined)));

  if (postgres.some(wanted)) {
    const database = await freshPostgresDatabase();
    if ('unavailable' in database) {
      notRun.push(`postgres: not run (${database.unavailable})`);
    } else {
      try {
        results.push(...(await runOnServer(postgres.filter(wanted), database.url, 'postgres')));
      } finally {
        await database.drop();
      }
    }
  }

  const general = results.filter((r) => r.section === undefined);
  const identity = results.filter((r) => r.section === 'identity');
  const date = new Date().toISOString().slice(0, 10);
  const machine = machineInfo();
  const file = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
  if (general.length > 0) {
    const report: Report = {
      date,
      machine,
      durationSeconds: options.durationSeconds,
      connections: options.connections,
      results: general,
      notRun,
      rs256: ceiling,
      token: general.find((r) => r.key === 'token'),
      restGetSqlite: general.find((r) => r.key === 'rest-get'),
    };
    const section = markdownSection(report);
    process.stdout.write(`\n${consoleTable(general)}\n\n${targetLines(report).join('\n')}\n\n`);
    process.stdout.write(`--- markdown ---\n${section}\n`);
    if (options.write) writeResults(file, section);
  }
  if (identity.length > 0) {
    const { durationSeconds, connections } = options;
    const section = identityMarkdown(date, machine, durationSeconds, connections, identity, notRun);
    process.stdout.write(
      `\n${identityConsoleTable(identity)}\n\n${identityTargetLines(identity).join('\n')}\n\n`,
    );
    process.stdout.write(`--- markdown ---\n${section}\n`);
    if (options.write) writeResults(file, section, [IDENTITY_START_MARKER, IDENTITY_END_MARKER]);
  }
  if (options.write) process.stderr.write(`wrote the results into ${file}\n`);
}

main()
  // Webhook delivery, sign-in and the SSO round trip have their own scripts (also
  // `npm run bench:webhooks`, `npm run bench:login`, `npm run bench:sso`); they honour BENCH_ONLY too.
  .then(() => import('./webhooks.ts'))
  .then(() => import('./login.ts'))
  .then(() => import('./sso-roundtrip.ts'))
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
