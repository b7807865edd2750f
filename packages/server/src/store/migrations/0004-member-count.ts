// Migration 0004: organizations.member_count, the exact number of memberships of each organization,
// kept by every membership write in its own transaction (users/member-count.ts). It answers a member
// list's total_size without counting 100,000 rows on every page. Back-filled from the memberships.
// Written once; never edited after it lands.
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function memberCount(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .alterTable('organizations')
        .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update organizations set member_count =
        (select count(*) from memberships where memberships.organization_id = organizations.id)`.execute(db);
    },
  };
}
