// When to try a failed delivery again: the configured schedule (Standard Webhooks' by default) with
// ±10 % jitter so a receiver coming back up is not hit by every retry at once; a Retry-After the
// receiver sent is honoured when it asks for longer.
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** Milliseconds until the next attempt after `attemptsMade` failed attempts, or null when exhausted. */
export function nextRetryDelay(
  schedule: readonly number[],
  attemptsMade: number,
  retryAfterSeconds: number | null,
  random: () => number = Math.random,
): number | null {
  const base = schedule[attemptsMade - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (0.9 + 0.2 * random()));
  const asked = retryAfterSeconds === null ? 0 : Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked);
}

/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;
