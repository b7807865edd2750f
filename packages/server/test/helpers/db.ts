// Reads the server's own database directly, to check what a request did (or did not) write.
import { sql } from 'kysely';
import type { Engine, TestServer } from '../harness.ts';

type Table = 'organizations' | 'events' | 'portal_links' | 'api_clients' | 'client_secrets' | 'signing_keys';

export async function countRows(server: TestServer, table: Table): Promise<number> {
  const row = await server.running.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The number of organizations and events, to compare before and after a refused request. */
export async function writeCounts(server: TestServer): Promise<{ organizations: number; events: number }> {
  return {
    organizations: await countRows(server, 'organizations'),
    events: await countRows(server, 'events'),
  };
}

export async function eventsOf(server: TestServer, organizationId: string) {
  return server.running.ctx.db
    .selectFrom('events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('seq')
    .execute();
}

/** Every organization id in the database, in id (creation) order. */
export async function organizationIds(server: TestServer): Promise<string[]> {
  const rows = await server.running.ctx.db.selectFrom('organizations').select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** Makes every insert into events fail, to show that the change it belongs to rolls back with it. */
export async function refuseEvents(server: TestServer, engine: Engine, refuse: boolean): Promise<void> {
  const db = server.running.ctx.db;
  if (engine === 'sqlite') {
    await sql
      .raw(
        refuse
          ? `create trigger refuse_events before insert on events begin select raise(abort, 'refused'); end`
          : 'drop trigger refuse_events',
      )
      .execute(db);
    return;
  }
  if (refuse) {
    await sql
      .raw(
        `create function refuse_events() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        'create trigger refuse_events before insert on events for each row execute function refuse_events()',
      )
      .execute(db);
  } else {
    await sql.raw('drop trigger refuse_events on events').execute(db);
    await sql.raw('drop function refuse_events()').execute(db);
  }
}
