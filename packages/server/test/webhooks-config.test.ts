// The webhook settings and the retry policy: schedule parsing, the private-address default by
// public URL, jitter bounds and Retry-After.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { nextRetryDelay } from '../src/webhooks/retry-policy.ts';

describe('webhook configuration', () => {
  it('defaults to the Standard Webhooks schedule and reads a custom one', () => {
    expect(loadConfig({}).webhookRetrySchedule).toEqual(
      [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400].map((s) => s * 1000),
    );
    expect(loadConfig({ GATEHOUSE_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s' }).webhookRetrySchedule).toEqual([
      1000, 2000, 4000,
    ]);
    expect(() => loadConfig({ GATEHOUSE_WEBHOOK_RETRY_SCHEDULE: '1s,soon' })).toThrow(ConfigError);
  });

  it('allows private targets by default only on a loopback public URL', () => {
    expect(loadConfig({ GATEHOUSE_PUBLIC_URL: 'http://localhost:8080' }).webhookAllowPrivate).toBe(true);
    expect(loadConfig({ GATEHOUSE_PUBLIC_URL: 'https://auth.example.com' }).webhookAllowPrivate).toBe(false);
    expect(
      loadConfig({
        GATEHOUSE_PUBLIC_URL: 'https://auth.example.com',
        GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: 'true',
      }).webhookAllowPrivate,
    ).toBe(true);
    expect(loadConfig({}).webhookTimeoutMs).toBe(15_000);
  });

  it('jitters within ±10 %, honours a longer Retry-After, and stops after the schedule', () => {
    const schedule = [1000, 2000];
    expect(nextRetryDelay(schedule, 1, null, () => 0)).toBe(900);
    expect(nextRetryDelay(schedule, 1, null, () => 1)).toBe(1100);
    expect(nextRetryDelay(schedule, 2, 30, () => 0.5)).toBe(30_000);
    expect(nextRetryDelay(schedule, 3, null)).toBeNull();
  });
});
