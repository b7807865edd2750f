// Presents a run: the console table, a pasteable markdown section, and the results block of
// docs/benchmarks.md (between two marker comments, replaced on every --write).
import fs from 'node:fs';
import os from 'node:os';
import type { ScenarioResult } from './measurement.ts';
import type { Rs256Ceiling } from './rs256-ceiling.ts';

export const START_MARKER = '<!-- bench:results:start -->';
export const END_MARKER = '<!-- bench:results:end -->';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
}

export interface Report {
  date: string;
  machine: Machine;
  durationSeconds: number;
  connections: number;
  results: ScenarioResult[];
  notRun: string[];
  rs256: Rs256Ceiling;
  /** The token endpoint scenario, when it ran. */
  token: ScenarioResult | undefined;
  /** Organization GET over REST on SQLite, when it ran. */
  restGetSqlite: ScenarioResult | undefined;
}

export const TOKEN_TARGET_PERCENT = 60;
export const GET_TARGET_RPS = 10_000;

export function machineInfo(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (line) cpu = line.trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
  };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function rows(results: ScenarioResult[]): string[][] {
  return results.map((r) => [
    r.name,
    fixed(r.requestsPerSecond, 0),
    fixed(r.p50Ms, 2),
    fixed(r.p99Ms, 2),
    String(r.errors),
    fixed(r.rssMb, 0),
    fixed(perServerCore(r), 0),
    [r.cpu.serverPercent, r.cpu.databasePercent, r.cpu.loadGeneratorPercent, r.cpu.otherPercent]
      .map((v) => (Number.isFinite(v) ? v.toFixed(0) : '-'))
      .join(' / '),
  ]);
}

/** Requests per second of server CPU time: what one unshared core would serve (NaN if unknown). */
export function perServerCore(r: ScenarioResult): number {
  return r.cpu.serverPercent > 0 ? (100 * r.requestsPerSecond) / r.cpu.serverPercent : NaN;
}

const HEADER = [
  'scenario',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors/non-2xx',
  'server RSS MB',
  'req per server CPU-s',
  'CPU % server / db / bench / other',
];

/** Other processes using more than this much of a core make a run untrustworthy. */
const CONTENDED_PERCENT = 15;

export function consoleTable(results: ScenarioResult[]): string {
  const table = [HEADER, ...rows(results)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(results).map(line)].join('\n');
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'missed';
}

export function targetLines(report: Report): string[] {
  const { rs256, token, restGetSqlite } = report;
  const lines = [
    `RS256 single-core ceiling: ${fixed(rs256.signaturesPerSecond, 0)} signatures per CPU-second ` +
      `(${fixed(rs256.signaturesPerWallSecond, 0)} per wall second; node:crypto sign, RSA-2048, one thread).`,
  ];
  if (token) {
    const percent = (100 * token.requestsPerSecond) / rs256.signaturesPerSecond;
    lines.push(
      `Token endpoint: ${fixed(percent, 1)}% of the ceiling ` +
        `(target >= ${TOKEN_TARGET_PERCENT}%: ${verdict(percent >= TOKEN_TARGET_PERCENT)}); ` +
        `per server CPU-second ${fixed((100 * perServerCore(token)) / rs256.signaturesPerSecond, 1)}%.`,
    );
  }
  if (restGetSqlite) {
    const rps = restGetSqlite.requestsPerSecond;
    lines.push(
      `Organization GET over REST on SQLite: ${fixed(rps, 0)} req/s ` +
        `(target >= ${GET_TARGET_RPS}: ${verdict(rps >= GET_TARGET_RPS)}); ` +
        `${fixed(perServerCore(restGetSqlite), 0)} per server CPU-second.`,
    );
  }
  for (const reason of report.notRun) lines.push(reason);
  const contended = report.results.filter((r) => r.cpu.otherPercent > CONTENDED_PERCENT);
  if (contended.length > 0) {
    lines.push(
      `WARNING: other processes used more than ${CONTENDED_PERCENT}% of a core during ` +
        `${contended.map((r) => r.name).join(', ')}; those numbers understate the server.`,
    );
  }
  return lines;
}

export function markdownSection(report: Report): string {
  const m = report.machine;
  const table = [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows(report.results).map((row) => `| ${row.join(' | ')} |`),
  ];
  return [
    `### Results of ${report.date}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${fixed(m.memoryGb, 1)} GB RAM, Node ${m.node}. ` +
      `${report.durationSeconds} s per scenario, ${report.connections} connections (gRPC: concurrent calls).`,
    '',
    ...table,
    '',
    ...targetLines(report).map((line) => `- ${line}`),
  ].join('\n');
}

/** Replaces a results block of the document (the main one by default), or appends one. */
export function writeResults(file: string, section: string, markers = [START_MARKER, END_MARKER]): void {
  const [startMarker, endMarker] = markers as [string, string];
  const block = `${startMarker}\n${section}\n${endMarker}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(startMarker);
  const end = current.indexOf(endMarker);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + endMarker.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}
