// CPU accounting over one scenario, in % of one core: the server process (from /proc/<pid>/stat),
// the database server when it is a separate process (PostgreSQL), this process (the load generator)
// and everything else on the machine (from /proc/stat). On a small or shared machine the last
// number says whether the measurement can be trusted.
import fs from 'node:fs';
import os from 'node:os';

export interface CpuUsage {
  serverPercent: number;
  /** NaN when the database runs inside the server process (SQLite). */
  databasePercent: number;
  loadGeneratorPercent: number;
  otherPercent: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return 0; // the process has gone
  }
}

/** Pids of the processes with this command name (e.g. every PostgreSQL backend). */
function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Busy CPU time of the whole machine, all cores, in ms (steal counts: someone else had the core). */
function machineBusyMs(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK_MS;
}

/**
 * Starts measuring now; the returned function ends the window and reports it. `databaseProcess`
 * names the database server's processes (their set is taken now: connections opened during the
 * window are not counted, so warm the pool up first).
 */
export function startCpuMeter(serverPid: number, databaseProcess?: string): () => CpuUsage {
  if (os.platform() !== 'linux') {
    return () => ({ serverPercent: NaN, databasePercent: NaN, loadGeneratorPercent: NaN, otherPercent: NaN });
  }
  const databasePids = databaseProcess ? pidsNamed(databaseProcess) : [];
  const databaseMs = () => databasePids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  const wall0 = performance.now();
  const server0 = processCpuMs(serverPid);
  const database0 = databaseMs();
  const self0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  return () => {
    const wall = performance.now() - wall0;
    const server = processCpuMs(serverPid) - server0;
    const database = databaseMs() - database0;
    const selfUsage = process.cpuUsage(self0);
    const self = (selfUsage.user + selfUsage.system) / 1000;
    const other = Math.max(0, machineBusyMs() - machine0 - server - database - self);
    const pct = (ms: number) => (100 * ms) / wall;
    return {
      serverPercent: pct(server),
      databasePercent: databaseProcess ? pct(database) : NaN,
      loadGeneratorPercent: pct(self),
      otherPercent: pct(other),
    };
  };
}
