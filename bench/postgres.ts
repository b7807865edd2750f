// A fresh PostgreSQL database for the benchmark, created on the local server and dropped afterwards;
// `undefined` when PostgreSQL is not reachable.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function freshPostgresDatabase(): Promise<FreshDatabase | { unavailable: string }> {
  const name = `gh_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin((c) => c.query(`create database ${name}`));
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
