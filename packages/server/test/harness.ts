// Starts real Gatehouse servers for tests: on a fresh SQLite file or a fresh PostgreSQL database,
// on a free loopback port, with known bootstrap credentials. Nothing is mocked.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';

export type Engine = 'sqlite' | 'postgres';

export interface TestServer {
  url: string;
  clientId: string;
  clientSecret: string;
  engine: Engine;
  running: RunningServer;
  databaseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

const ADMIN_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testEngines(): { engine: Engine; available: boolean }[] {
  return [
    { engine: 'sqlite', available: true },
    { engine: 'postgres', available: process.env.GATEHOUSE_TEST_PG_AVAILABLE === '1' },
  ];
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

/** A fresh, empty database for one test server; the returned function drops it. */
export async function freshDatabase(
  engine: Engine,
  dataDir: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const url = path.join(dataDir, 'gatehouse.db');
    return { url, drop: async () => {} };
  }
  const name = `gh_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startTestServer(
  engine: Engine,
  env: Record<string, string> = {},
  existing?: { databaseUrl: string; dataDir: string },
): Promise<TestServer> {
  const dataDir = existing?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  const database = existing
    ? { url: existing.databaseUrl, drop: async () => {} }
    : await freshDatabase(engine, dataDir);
  const port = await freePort();
  const clientId = 'skc_test_client';
  const clientSecret = 'test-secret-0123456789abcdef';
  const config = loadConfig({
    GATEHOUSE_PORT: String(port),
    GATEHOUSE_HOST: '127.0.0.1',
    GATEHOUSE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_DATABASE_URL: database.url,
    GATEHOUSE_MASTER_KEY: 'ab'.repeat(32),
    GATEHOUSE_BOOTSTRAP_CLIENT_ID: clientId,
    GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: clientSecret,
    GATEHOUSE_LOG_LEVEL: 'silent',
    // Tests start from an empty role table unless they ask for the seeded admin/member roles.
    GATEHOUSE_SEED_DEFAULT_ROLES: 'false',
    ...env,
  });
  const running = await startServer(config, pino({ level: config.logLevel }));
  return {
    // The address this instance listens on; its issuer is running.url (the same unless overridden).
    url: `http://127.0.0.1:${running.port}`,
    clientId,
    clientSecret,
    engine,
    running,
    databaseUrl: database.url,
    dataDir,
    async close() {
      await running.close();
      await database.drop();
      if (!existing) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A bearer token for the test server's environment client, straight from /oauth/token. */
export async function getToken(
  server: Pick<TestServer, 'url' | 'clientId' | 'clientSecret'>,
): Promise<string> {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
    }),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
