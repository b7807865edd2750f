// Runs a Gatehouse server as a separate child process (its own CPU and memory accounting), on a free
// loopback port and a temporary data directory, with rate limits raised out of the way.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_TAIL_BYTES = 8_192;

export interface ServerProcess {
  url: string;
  pid: number;
  clientId: string;
  clientSecret: string;
  /** The server's GATEHOUSE_DATABASE_URL: its SQLite file, or the PostgreSQL URL it was given. */
  databaseUrl: string;
  /** Resident set size of the server process now, in MB (VmRSS from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** GATEHOUSE_DATABASE_URL; the default is SQLite in the temporary data directory. */
  databaseUrl?: string;
  /** Directory for a V8 CPU profile of the server (node --cpu-prof), written when it stops. */
  cpuProfileDir?: string;
  /** More environment for the server (e.g. raised sign-in limits). */
  env?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(options: ServerOptions = {}): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clientId = 'skc_bench_client';
  const clientSecret = randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEHOUSE_PORT: String(port),
    GATEHOUSE_HOST: '127.0.0.1',
    GATEHOUSE_PUBLIC_URL: url,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_MASTER_KEY: randomBytes(32).toString('hex'),
    GATEHOUSE_BOOTSTRAP_CLIENT_ID: clientId,
    GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: clientSecret,
    GATEHOUSE_LOG_LEVEL: 'warn',
    GATEHOUSE_RATE_LIMIT_TOKEN: '100000000',
    GATEHOUSE_RATE_LIMIT_API: '100000000',
    ...options.env,
  };
  if (options.databaseUrl) env.GATEHOUSE_DATABASE_URL = options.databaseUrl;
  else delete env.GATEHOUSE_DATABASE_URL;

  const profileArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...profileArgs, '--import', 'tsx', 'packages/server/src/main.ts', 'start'],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keepTail = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_TAIL_BYTES);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    await waitReady(url, child, exited);
  } catch (error) {
    await stopChild(child, exited);
    cleanup();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${log}`);
  }
  const pid = child.pid as number;
  return {
    url,
    pid,
    clientId,
    clientSecret,
    databaseUrl: options.databaseUrl ?? path.join(dataDir, 'gatehouse.db'),
    rssMb: () => readRssMb(pid),
    async stop() {
      await stopChild(child, exited);
      cleanup();
    },
  };
}

async function waitReady(url: string, child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone || child.exitCode !== null) throw new Error('the server exited during start-up');
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      await res.arrayBuffer();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function readRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
