// The people the sign-in benchmark signs in: created through the API (user, organization,
// membership), their password hash written straight into the server's database with the server's
// own hashing function (there is no API that sets a password, by design).
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { hashPassword } from '../packages/server/src/credentials/passwords.ts';
import type { ServerProcess } from './server-process.ts';

export const CALLBACK = 'http://localhost:4999/callback';

export async function api(
  server: ServerProcess,
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, any>; // any: JSON answers
}

export interface BenchPerson {
  email: string;
  password: string;
}

export async function seedPeople(
  server: ServerProcess,
  token: string,
  count: number,
): Promise<BenchPerson[]> {
  await api(server, token, 'PATCH', `/api/v1/clients/${server.clientId}`, { post_login_uris: [CALLBACK] });
  const org = await api(server, token, 'POST', '/api/v1/organizations', { display_name: 'bench sign-in' });
  const people: (BenchPerson & { userId: string; hash: string })[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${i}-${Date.now()}@example.com`;
    const password = `bench password ${i} ${Math.random().toString(36).slice(2)}`;
    const created = await api(server, token, 'POST', `/api/v1/organizations/${org.organization.id}/users`, {
      email,
    });
    people.push({ email, password, userId: created.user.id, hash: await hashPassword(password) });
  }
  const now = new Date().toISOString();
  if (/^postgres/.test(server.databaseUrl)) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    for (const p of people) {
      await client.query(
        'insert into user_passwords (user_id, password_hash, created_at, updated_at) values ($1, $2, $3, $3)',
        [p.userId, p.hash, now],
      );
    }
    await client.end();
  } else {
    const db = new SqliteDatabase(server.databaseUrl);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      'insert into user_passwords (user_id, password_hash, created_at, updated_at) values (?, ?, ?, ?)',
    );
    for (const p of people) insert.run(p.userId, p.hash, now, now);
    db.close();
  }
  return people.map(({ email, password }) => ({ email, password }));
}
