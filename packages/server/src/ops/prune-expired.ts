// The sweeper of single-use SSO rows that can no longer be used: AuthnRequests and OIDC logins past
// their lifetime, SSO results never taken, connection tests past theirs, and the SAML replay cache.
// Nothing reads an expired row except to refuse it, so without this they only pile up. Every
// instance may run it on one database: deletes are idempotent, in bounded batches (a short lock
// each), and a run stops after a few thousand rows per table, leaving the rest to the next.
//
// The replay cache is the one table where deleting early would be a hole: a row must outlive every
// moment its assertion could still pass the time checks. Its expires_at already is NotOnOrAfter plus
// the connection's skew (sso/saml/saml-assertion-checks.ts, replayHorizon); the sweeper adds the
// largest skew a connection may be given, so raising a skew later cannot reopen a forgotten id, and
// that margin also covers clocks of instances that disagree by a few minutes.
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { MAX_CLOCK_SKEW_SECONDS } from '../sso/saml/saml-config.ts';
import type { Database } from '../store/schema.ts';

interface ExpiringTable {
  table: string;
  /** The primary key's columns: batches are picked by key. */
  key: string[];
  /** Kept this long past expires_at. */
  graceSeconds: number;
}

const EXPIRING_TABLES: readonly ExpiringTable[] = [
  { table: 'saml_requests', key: ['id'], graceSeconds: 0 },
  {
    table: 'saml_assertions_seen',
    key: ['connection_id', 'assertion_id'],
    graceSeconds: MAX_CLOCK_SKEW_SECONDS,
  },
  { table: 'sso_results', key: ['token_hash'], graceSeconds: 0 },
  { table: 'oidc_login_requests', key: ['state_hash'], graceSeconds: 0 },
  { table: 'connection_tests', key: ['id'], graceSeconds: 0 },
  // A portal session ends at expires_at at the latest (its idle deadline never passes it).
  { table: 'portal_sessions', key: ['token_hash'], graceSeconds: 0 },
];

export const PRUNE_BATCH_SIZE = 500;
const MAX_BATCHES_PER_TABLE = 20;

export interface PruneOptions {
  batchSize?: number;
  /** The time to prune against (tests); now by default. */
  nowMs?: number;
}

/** Deletes expired rows of every expiring table; returns the count per table. */
export async function pruneExpired(
  ctx: Pick<AppContext, 'db'>,
  options: PruneOptions = {},
): Promise<Record<string, number>> {
  const batchSize = options.batchSize ?? PRUNE_BATCH_SIZE;
  const nowMs = options.nowMs ?? Date.now();
  const counts: Record<string, number> = {};
  for (const spec of EXPIRING_TABLES) {
    const cutoff = new Date(nowMs - spec.graceSeconds * 1000).toISOString();
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_TABLE; batch++) {
      const deleted = await deleteBatch(ctx.db, spec, cutoff, batchSize);
      total += deleted;
      if (deleted < batchSize) break;
    }
    counts[spec.table] = total;
  }
  return counts;
}

/** One bounded delete; `(a, b) IN (SELECT a, b … LIMIT n)` works on PostgreSQL and SQLite alike. */
async function deleteBatch(
  db: Kysely<Database>,
  spec: ExpiringTable,
  cutoff: string,
  batchSize: number,
): Promise<number> {
  const columns = sql.join(spec.key.map((k) => sql.ref(k)));
  const key = spec.key.length === 1 ? columns : sql`(${columns})`;
  const table = sql.table(spec.table);
  const result =
    await sql`delete from ${table} where ${key} in (select ${columns} from ${table} where expires_at <= ${cutoff} limit ${batchSize})`.execute(
      db,
    );
  return Number(result.numAffectedRows ?? 0n);
}

export interface Sweeper {
  /** Stops the interval and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs pruneExpired every `intervalMs` (unref'd: it never keeps the process alive). */
export function startPruning(ctx: Pick<AppContext, 'db' | 'logger'>, intervalMs: number): Sweeper {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = pruneExpired(ctx)
      .then((counts) => {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        if (total > 0) ctx.logger.info({ deleted: counts }, 'expired SSO rows pruned');
      })
      .catch((error: unknown) => {
        if (!stopped) ctx.logger.error({ err: error }, 'pruning expired rows failed');
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
