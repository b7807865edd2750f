// `npm run bench`: measures the RS256 single-core ceiling, starts Gatehouse as a child process, runs
// each scenario against it (SQLite, then organization GET on PostgreSQL when reachable), and reports.
// Settings: see options.ts.
import path from 'node:path';
import { createOrganization, getToken } from './api.ts';
import { startCpuMeter } from './cpu-meter.ts';
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
import { measureRs256Ceiling } from './rs256-ceiling.ts';
import { scenarios, type Scenario } from './scenarios.ts';
import { REPO_ROOT, startServerProcess } from './server-process.ts';

const options = readOptions();
const wanted = (s: Scenario) => options.only === null || options.only.has(s.key);

/** Starts a server, runs the scenarios against it one after the other, stops it. */
async function runOnServer(
  list: Scenario[],
  databaseUrl: string | undefined,
  databaseProcess?: string,
): Promise<ScenarioResult[]> {
  const server = await startServerProcess({ databaseUrl, cpuProfileDir: options.cpuProfileDir });
  try {
    const token = await getToken(server);
    const target = {
      server,
      token,
      organizationId: await createOrganization(server, token, 'bench read target'),
    };
    const results: ScenarioResult[] = [];
    for (const scenario of list) {
      const { warmupSeconds: warmup, durationSeconds: duration } = options;
      process.stderr.write(`running: ${scenario.name} (${warmup} s warm-up, ${duration} s measured)\n`);
      if (warmup > 0) await scenario.run(target, warmup, `${scenario.key}-warmup`);
      const stopMeter = startCpuMeter(server.pid, databaseProcess);
      const measurement = await scenario.run(target, duration, scenario.key);
      const cpu = stopMeter();
      results.push({ key: scenario.key, name: scenario.name, ...measurement, rssMb: server.rssMb(), cpu });
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

  const report: Report = {
    date: new Date().toISOString().slice(0, 10),
    machine: machineInfo(),
    durationSeconds: options.durationSeconds,
    connections: options.connections,
    results,
    notRun,
    rs256: ceiling,
    token: results.find((r) => r.key === 'token'),
    restGetSqlite: results.find((r) => r.key === 'rest-get'),
  };
  const section = markdownSection(report);
  process.stdout.write(`\n${consoleTable(results)}\n\n${targetLines(report).join('\n')}\n\n`);
  process.stdout.write(`--- markdown ---\n${section}\n`);
  if (options.write) {
    const file = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
    writeResults(file, section);
    process.stderr.write(`wrote the results into ${file}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
