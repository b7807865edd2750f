// /healthz says the process is up; /readyz says it can serve: the database answers and every
// migration is applied. Load balancers route on /readyz.
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { migrationsApplied } from '../store/migrations.ts';

export function healthz(): { status: number; body: object } {
  return { status: 200, body: { status: 'ok' } };
}

export async function readyz(ctx: AppContext): Promise<{ status: number; body: object }> {
  try {
    await sql`select 1`.execute(ctx.db);
    if (!(await migrationsApplied(ctx.db, ctx.store.engine))) {
      return { status: 503, body: { status: 'unavailable', reason: 'migrations pending' } };
    }
    return { status: 200, body: { status: 'ready', database: ctx.store.engine } };
  } catch {
    return { status: 503, body: { status: 'unavailable', reason: 'database unreachable' } };
  }
}
