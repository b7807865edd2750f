// The "Identity at scale" results: their own table (latency one request at a time next to
// throughput under load) and their own block of docs/benchmarks.md, so running only these scenarios
// never overwrites the other results, and the other way round.
import type { ScenarioResult } from './measurement.ts';
import type { Machine } from './report.ts';

export const IDENTITY_START_MARKER = '<!-- bench:identity:start -->';
export const IDENTITY_END_MARKER = '<!-- bench:identity:end -->';

/** The targets, one request at a time (p50 and p99 both count). */
export const PAGE_TARGET_MS = 20;
export const CHECK_TARGET_MS = 1;

const fixed = (value: number | undefined, digits: number) =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

const HEADER = [
  'scenario',
  'one at a time: p50 ms',
  'p99 ms',
  'req/s',
  'under load: req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'server RSS MB',
  'CPU % server / db / bench / other',
];

function row(r: ScenarioResult): string[] {
  const s = r.sequential;
  return [
    r.name,
    fixed(s?.p50Ms, 2),
    fixed(s?.p99Ms, 2),
    fixed(s?.requestsPerSecond, 0),
    fixed(r.requestsPerSecond, 0),
    fixed(r.p50Ms, 0),
    fixed(r.p99Ms, 0),
    String(r.errors + (s?.errors ?? 0)),
    fixed(r.rssMb, 0),
    [r.cpu.serverPercent, r.cpu.databasePercent, r.cpu.loadGeneratorPercent, r.cpu.otherPercent]
      .map((v) => (Number.isFinite(v) ? v.toFixed(0) : '-'))
      .join(' / '),
  ];
}

export function identityTargetLines(results: ScenarioResult[]): string[] {
  return results.flatMap((r) => {
    const target = r.key.endsWith('permission-check') ? CHECK_TARGET_MS : PAGE_TARGET_MS;
    const p50 = r.sequential?.p50Ms ?? NaN;
    const p99 = r.sequential?.p99Ms ?? NaN;
    const verdict = p99 < target ? 'met at p99' : p50 < target ? 'met at p50, missed at p99' : 'missed';
    return [`${r.name}: target < ${target} ms one at a time: ${verdict}.`, ...r.notes];
  });
}

export function identityConsoleTable(results: ScenarioResult[]): string {
  const table = [HEADER, ...results.map(row)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((cells) => (cells[i] ?? '').length)));
  return table.map((cells) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

export function identityMarkdown(
  date: string,
  m: Machine,
  durationSeconds: number,
  connections: number,
  results: ScenarioResult[],
  notRun: string[],
): string {
  return [
    `### Identity results of ${date}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${fixed(m.memoryGb, 1)} GB RAM, Node ${m.node}. ` +
      `${durationSeconds} s one request at a time, then ${durationSeconds} s under load with ` +
      `${connections} connections, per scenario.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...results.map((r) => `| ${row(r).join(' | ')} |`),
    '',
    ...[...identityTargetLines(results), ...notRun].map((line) => `- ${line}`),
  ].join('\n');
}
