// The platform as a newcomer runs it: `main.ts start` in a child process, on an empty data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAIN = path.join(ROOT, 'packages/server/src/main.ts');

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const check = setInterval(() => {
      if (out.includes('Gatehouse is running')) {
        clearInterval(check);
        clearTimeout(timer);
        // The credentials block is printed right after the running line.
        setTimeout(
          () => resolve({ child, output: () => out, url: `http://127.0.0.1:${env.GATEHOUSE_PORT}` }),
          200,
        );
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start on an empty data directory', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates a client, prints its credentials once, logs no secrets, and stops cleanly on SIGTERM', async () => {
    const port = String(await freePort());
    const env = { GATEHOUSE_PORT: port, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_HOST: '127.0.0.1' };
    const first = await start(env);
    const id = /GATEHOUSE_CLIENT_ID=(skc_\S+)/.exec(first.output())?.[1];
    const secret = /GATEHOUSE_CLIENT_SECRET=(\S+)/.exec(first.output())?.[1];
    expect(id).toBeDefined();
    expect(secret).toBeDefined();
    expect(first.output()).toMatch(/generated a master key/);
    expect(fs.existsSync(path.join(dataDir, 'gatehouse.db'))).toBe(true);
    expect((fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777).toString(8)).toBe('600');

    const tokenRes = await fetch(`${first.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id!, client_secret: secret! }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const api = await fetch(`${first.url}/api/v1/organizations?page_size=5`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(api.status).toBe(200);
    const ready = await fetch(`${first.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'sqlite' });

    // The child's log arrives through a pipe: give a loaded machine a moment to deliver the line.
    await outputMatches(first, /"path":"\/api\/v1\/organizations"/);
    const logged = first.output().split('GATEHOUSE_CLIENT_SECRET')[1] ?? '';
    expect(first.output()).toMatch(/"path":"\/api\/v1\/organizations"/);
    expect(first.output()).not.toContain(access_token);
    expect(logged.split('\n').slice(6).join('\n')).not.toContain(secret!);
    expect(await stop(first.child)).toBe(0);

    const second = await start(env);
    expect(second.output()).not.toMatch(/GATEHOUSE_CLIENT_SECRET=/);
    expect(second.output()).not.toMatch(/generated a master key/);
    expect(await stop(second.child)).toBe(0);
  });

  it('refuses a bad configuration with a message naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', GATEHOUSE_PORT: 'abc', GATEHOUSE_LOG_LEVEL: 'loud' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/GATEHOUSE_PORT="abc"/);
    expect(err).toMatch(/GATEHOUSE_LOG_LEVEL="loud"/);
  });
});

async function outputMatches(child: { output(): string }, pattern: RegExp, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(child.output()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
