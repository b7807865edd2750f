// Seeds a large organization straight into the server's database: users, their memberships of one
// organization and one role each, in multi-row INSERTs inside one transaction per table. 100,000
// members through the API would take minutes and measure the write path instead of the reads.
// The rows have the shape the server itself writes (prefixed time-ordered ids, ISO timestamps,
// JSON profile and metadata), so what the reads load and serialize is realistic; the organization's
// member_count is raised by the members added, in the same transaction, as the server's writes do.
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { newId } from '../packages/server/src/store/ids.ts';

export interface SeedInput {
  /** GATEHOUSE_DATABASE_URL of the server: a SQLite file path or a postgres:// URL. */
  databaseUrl: string;
  organizationId: string;
  /** The role every member holds. */
  roleId: string;
  members: number;
}

type Row = (string | number | null)[];

interface Table {
  name: string;
  columns: string[];
  rows: Row[];
}

interface Count {
  organizationId: string;
  added: number;
}

const COUNT_SQL = (p: (n: number) => string) =>
  `update organizations set member_count = member_count + ${p(1)} where id = ${p(2)}`;

/** Rows per INSERT: PostgreSQL allows 65,535 parameters per statement, SQLite 32,766. */
const BATCH = 1_000;

/** Seeds the members and returns their user ids in ascending order (the order member lists use). */
export async function seedMembers(input: SeedInput): Promise<string[]> {
  const now = new Date().toISOString();
  const users: Row[] = [];
  const memberships: Row[] = [];
  const membershipRoles: Row[] = [];
  for (let i = 0; i < input.members; i++) {
    const userId = newId('usr');
    const membershipId = newId('mem');
    const email = `member${i}@bench.example.com`;
    const profile = JSON.stringify({
      given_name: 'Bench',
      family_name: `Member ${i}`,
      name: `Bench Member ${i}`,
    });
    users.push([userId, email, email, 1, `ext-${i}`, profile, '{"team":"bench"}', null, now, now]);
    memberships.push([membershipId, input.organizationId, userId, 'active', '{}', null, now, now]);
    membershipRoles.push([membershipId, input.roleId]);
  }
  const tables: Table[] = [
    {
      name: 'users',
      columns: [
        'id',
        'email',
        'email_normalized',
        'email_verified',
        'external_id',
        'profile',
        'metadata',
      ].concat(['last_login_at', 'created_at', 'updated_at']),
      rows: users,
    },
    {
      name: 'memberships',
      columns: [
        'id',
        'organization_id',
        'user_id',
        'status',
        'metadata',
        'inviter_email',
        'created_at',
      ].concat(['updated_at']),
      rows: memberships,
    },
    { name: 'membership_roles', columns: ['membership_id', 'role_id'], rows: membershipRoles },
  ];
  const counted: Count = { organizationId: input.organizationId, added: input.members };
  if (input.databaseUrl.startsWith('postgres')) await insertPostgres(input.databaseUrl, tables, counted);
  else insertSqlite(input.databaseUrl, tables, counted);
  return users.map((row) => row[0] as string);
}

function insertSql(table: Table, rows: number, placeholder: (n: number) => string): string {
  let n = 0;
  const tuple = () => `(${table.columns.map(() => placeholder(++n)).join(', ')})`;
  const values = Array.from({ length: rows }, tuple).join(', ');
  return `insert into ${table.name} (${table.columns.join(', ')}) values ${values}`;
}

function batches(rows: Row[]): Row[][] {
  const out: Row[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

function insertSqlite(file: string, tables: Table[], count: Count): void {
  const db = new SqliteDatabase(file);
  try {
    // The server holds the same file open; wait for its writes rather than failing.
    db.pragma('busy_timeout = 10000');
    db.transaction(() => {
      for (const table of tables) {
        for (const batch of batches(table.rows)) {
          db.prepare(insertSql(table, batch.length, () => '?')).run(...batch.flat());
        }
      }
      db.prepare(COUNT_SQL(() => '?')).run(count.added, count.organizationId);
    })();
    // No ANALYZE: the server never runs one, so its planner works without statistics here too.
  } finally {
    db.close();
  }
}

async function insertPostgres(url: string, tables: Table[], count: Count): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    for (const table of tables) {
      for (const batch of batches(table.rows)) {
        await client.query(
          insertSql(table, batch.length, (n) => `$${n}`),
          batch.flat(),
        );
      }
    }
    await client.query(
      COUNT_SQL((n) => `$${n}`),
      [count.added, count.organizationId],
    );
    await client.query('commit');
    // Autovacuum would vacuum and analyze the new rows within a minute or so; do it now, so the
    // table is measured in its settled state (statistics, and the visibility map that lets a
    // count read the index alone) rather than in the minute after a bulk load.
    for (const table of tables) await client.query(`vacuum analyze ${table.name}`);
  } finally {
    await client.end().catch(() => {});
  }
}
