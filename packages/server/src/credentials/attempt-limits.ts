// Fixed-window counters of credential attempts, kept in the database so a limit holds across every
// instance behind a load balancer (the in-memory RateLimiter of http/ is per process). A bucket's
// window starts with its first attempt and lasts `windowSeconds`; the increment is one upsert, atomic
// on both engines, so parallel guesses cannot slip past a limit between a read and a write.
import { type Kysely, sql } from 'kysely';
import { isIP } from 'node:net';
import { ApiError } from '../contract/api-error.ts';
import type { Database } from '../store/schema.ts';

// Old buckets are swept now and then; a window is at most a day (config.ts), so two days is safe.
const SWEEP_AFTER_MS = 2 * 86_400_000;
const SWEEP_ONE_IN = 200;

export class AttemptLimits {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Counts one attempt in each bucket. Throws RESOURCE_EXHAUSTED, with the seconds until the
   * fullest window ends, when any bucket has now seen more than `limit` attempts. A limit of 0 is off.
   */
  async hit(keys: string[], limit: number, windowSeconds: number, now = Date.now()): Promise<void> {
    if (limit <= 0) return;
    if (Math.random() * SWEEP_ONE_IN < 1) await this.sweep(now);
    let retryAfter = 0;
    for (const key of keys) {
      const row = await this.increment(key, windowSeconds, now);
      if (Number(row.count) > limit) {
        const ends = Date.parse(row.window_start) + windowSeconds * 1000;
        retryAfter = Math.max(retryAfter, Math.max(1, Math.ceil((ends - now) / 1000)));
      }
    }
    if (retryAfter > 0) {
      throw new ApiError('RESOURCE_EXHAUSTED', 'too many attempts; try again later', retryAfter);
    }
  }

  /** Takes back one attempt counted in advance (it turned out to succeed). */
  async refund(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .updateTable('credential_attempts')
      .set({ count: sql`count - 1` })
      .where('bucket', 'in', keys)
      .where('count', '>', 0)
      .execute();
  }

  /** Forgets the buckets: e.g. an account's failures after its owner signed in. */
  async clear(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.deleteFrom('credential_attempts').where('bucket', 'in', keys).execute();
  }

  private increment(key: string, windowSeconds: number, now: number) {
    const start = new Date(now).toISOString();
    const expiredBefore = new Date(now - windowSeconds * 1000).toISOString();
    // Both SET expressions read the row as it was before this statement, on both engines.
    const expired = sql`credential_attempts.window_start <= ${expiredBefore}`;
    return this.db
      .insertInto('credential_attempts')
      .values({ bucket: key, window_start: start, count: 1 })
      .onConflict((oc) =>
        oc.column('bucket').doUpdateSet({
          window_start: sql<string>`CASE WHEN ${expired} THEN ${start} ELSE credential_attempts.window_start END`,
          count: sql<number>`CASE WHEN ${expired} THEN 1 ELSE credential_attempts.count + 1 END`,
        }),
      )
      .returning(['window_start', 'count'])
      .executeTakeFirstOrThrow();
  }

  private async sweep(now: number): Promise<void> {
    const before = new Date(now - SWEEP_AFTER_MS).toISOString();
    await this.db.deleteFrom('credential_attempts').where('window_start', '<', before).execute();
  }
}

/** The bucket of one account for one kind of attempt; emails compare case-insensitively. */
export function accountBucket(kind: string, email: string): string {
  return `${kind}-account:${email.trim().toLowerCase()}`;
}

/**
 * The bucket of one client address. An IPv6 client is counted by its /64, the block one subscriber
 * gets: counting single addresses would hand an attacker 2^64 fresh buckets.
 */
export function ipBucket(kind: string, ip: string): string {
  return `${kind}-ip:${addressBlock(ip)}`;
}

function addressBlock(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
