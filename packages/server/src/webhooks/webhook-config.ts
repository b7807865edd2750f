// The webhook settings, read with the rest of the configuration at start-up.
export interface WebhookConfig {
  /** GATEHOUSE_WEBHOOK_RETRY_SCHEDULE: delays before each retry (e.g. `5s,5m,30m`); the first attempt is immediate. */
  webhookRetrySchedule: number[];
  /** GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: let deliveries reach private, loopback and link-local addresses. */
  webhookAllowPrivate: boolean;
  /** GATEHOUSE_WEBHOOK_TIMEOUT_MS: how long one delivery request may take, answer included. */
  webhookTimeoutMs: number;
  /** GATEHOUSE_WEBHOOK_POLL_MS: how often workers look for new events and due retries. */
  webhookPollMs: number;
  /** GATEHOUSE_WEBHOOKS: run the fan-out and delivery workers in this process (default true). */
  webhookWorkers: boolean;
}

// Standard Webhooks' schedule after the immediate first attempt.
export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,14h,20h,24h';
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

export function parseRetrySchedule(raw: string, problems: string[]): number[] {
  const parts = raw.split(',').filter((p) => p.trim() !== '');
  const delays = parts.map(parseDuration);
  if (parts.length > 50 || delays.some((d) => d === undefined || d > 7 * 86_400_000)) {
    problems.push(
      `GATEHOUSE_WEBHOOK_RETRY_SCHEDULE=${JSON.stringify(raw)}: expected up to 50 comma-separated ` +
        'durations like 5s,5m,2h (units ms, s, m, h, d; each at most 7d)',
    );
    return [];
  }
  return delays as number[];
}

/** Development (a loopback public URL) may deliver to local receivers; anything else must opt in. */
export function isLoopbackUrl(publicUrl: string): boolean {
  try {
    const host = new URL(publicUrl).hostname;
    return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
  } catch {
    return false;
  }
}

type Read = (name: string) => string | undefined;
type Integer = (name: string, fallback: number, min: number, max: number) => number;
type Bool = (name: string, raw: string | undefined, problems: string[]) => boolean;

export function readWebhookConfig(
  read: Read,
  integer: Integer,
  bool: Bool,
  publicUrl: string,
  problems: string[],
): WebhookConfig {
  const allow = read('GATEHOUSE_WEBHOOK_ALLOW_PRIVATE');
  return {
    webhookRetrySchedule: parseRetrySchedule(
      read('GATEHOUSE_WEBHOOK_RETRY_SCHEDULE') ?? DEFAULT_RETRY_SCHEDULE,
      problems,
    ),
    webhookAllowPrivate:
      allow === undefined
        ? isLoopbackUrl(publicUrl)
        : bool('GATEHOUSE_WEBHOOK_ALLOW_PRIVATE', allow, problems),
    webhookTimeoutMs: integer('GATEHOUSE_WEBHOOK_TIMEOUT_MS', 15_000, 100, 120_000),
    webhookPollMs: integer('GATEHOUSE_WEBHOOK_POLL_MS', 200, 10, 60_000),
    webhookWorkers: bool('GATEHOUSE_WEBHOOKS', read('GATEHOUSE_WEBHOOKS') ?? 'true', problems),
  };
}
