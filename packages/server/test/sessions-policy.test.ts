// The pure parts of sessions: timeouts from a stored session policy (the stricter of the
// application's and a custom one), expiry times, the computed status, and the device fields read
// from a User-Agent. No server, no clock: every time is given.
import { describe, expect, it } from 'vitest';
import {
  applicationTimeouts,
  sessionExpiries,
  timeoutsFromPolicy,
  touchWriteAfterMs,
} from '../src/sessions/session-policy.ts';
import { expiredAt, isLive, sessionStatus } from '../src/sessions/session-record.ts';
import { readUserAgent } from '../src/sessions/user-agent.ts';

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;
const custom = (policy: object) => JSON.stringify({ policySource: 2, ...policy });

describe('session timeouts from a policy', () => {
  it('gives the application policy by default: 7 days, no idle timeout', () => {
    expect(applicationTimeouts()).toEqual({ absoluteSeconds: 7 * DAY, idleSeconds: null });
    for (const stored of [undefined, null, '', '{}', '{"policySource":1}', 'not json', '[]', '42']) {
      expect(timeoutsFromPolicy(stored)).toEqual(applicationTimeouts());
    }
  });

  it('applies every unit of a custom policy', () => {
    const policy = custom({
      absoluteSessionTimeout: 90,
      absoluteSessionTimeoutUnit: 1,
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 2,
      idleSessionTimeoutUnit: 2,
    });
    expect(timeoutsFromPolicy(policy)).toEqual({ absoluteSeconds: 90 * MINUTE, idleSeconds: 2 * HOUR });
    expect(timeoutsFromPolicy(custom({ absoluteSessionTimeout: 3, absoluteSessionTimeoutUnit: 3 }))).toEqual({
      absoluteSeconds: 3 * DAY,
      idleSeconds: null,
    });
  });

  it('never lets a custom policy loosen the application one', () => {
    const longer = custom({ absoluteSessionTimeout: 30, absoluteSessionTimeoutUnit: 3 });
    expect(timeoutsFromPolicy(longer).absoluteSeconds).toBe(7 * DAY);
  });

  it('takes the application value for what a custom policy leaves unset', () => {
    // A timeout without its unit takes the application's unit (days for the lifetime, minutes idle).
    expect(timeoutsFromPolicy(custom({ absoluteSessionTimeout: 2 })).absoluteSeconds).toBe(2 * DAY);
    expect(timeoutsFromPolicy(custom({ idleSessionTimeoutEnabled: true }))).toEqual({
      absoluteSeconds: 7 * DAY,
      idleSeconds: 30 * MINUTE,
    });
    // An idle timeout saved but switched off is no idle timeout.
    const off = custom({
      idleSessionTimeoutEnabled: false,
      idleSessionTimeout: 5,
      idleSessionTimeoutUnit: 1,
    });
    expect(timeoutsFromPolicy(off).idleSeconds).toBeNull();
  });

  it('ignores a custom policy once the organization reverts to the application policy', () => {
    const reverted = JSON.stringify({
      policySource: 1,
      absoluteSessionTimeout: 1,
      absoluteSessionTimeoutUnit: 1,
    });
    expect(timeoutsFromPolicy(reverted)).toEqual(applicationTimeouts());
  });
});

describe('session expiry times', () => {
  const t0 = Date.parse('2025-03-01T10:00:00.000Z');

  it('counts the lifetime from creation and the idle timeout from the last activity', () => {
    const timeouts = { absoluteSeconds: 2 * HOUR, idleSeconds: 30 * MINUTE };
    expect(sessionExpiries(timeouts, t0, t0 + 10 * MINUTE * 1000)).toEqual({
      absoluteExpiresAt: '2025-03-01T12:00:00.000Z',
      idleExpiresAt: '2025-03-01T10:40:00.000Z',
    });
  });

  it('never sets the idle expiry past the absolute one', () => {
    const timeouts = { absoluteSeconds: 2 * HOUR, idleSeconds: 30 * MINUTE };
    expect(sessionExpiries(timeouts, t0, t0 + 115 * MINUTE * 1000).idleExpiresAt).toBe(
      '2025-03-01T12:00:00.000Z',
    );
    expect(sessionExpiries({ absoluteSeconds: HOUR, idleSeconds: null }, t0, t0).idleExpiresAt).toBeNull();
  });

  it('writes activity at most once a minute, and at least every half idle timeout', () => {
    expect(touchWriteAfterMs(null, 60_000)).toBe(60_000);
    expect(touchWriteAfterMs(30 * MINUTE, 60_000)).toBe(60_000);
    expect(touchWriteAfterMs(MINUTE, 60_000)).toBe(30_000);
  });
});

describe('session status', () => {
  const base = {
    revokedAt: null,
    logoutAt: null,
    idleExpiresAt: '2025-03-01T10:30:00.000Z',
    absoluteExpiresAt: '2025-03-01T12:00:00.000Z',
  };
  const at = (iso: string) => new Date(iso);

  it('is active until the first expiry, then expired from that instant on', () => {
    expect(sessionStatus(base, at('2025-03-01T10:29:59.999Z'))).toBe('active');
    expect(isLive(base, at('2025-03-01T10:29:59.999Z'))).toBe(true);
    expect(expiredAt(base, at('2025-03-01T10:29:59.999Z'))).toBeNull();
    expect(sessionStatus(base, at('2025-03-01T10:30:00.000Z'))).toBe('expired');
    expect(isLive(base, at('2025-03-01T10:30:00.000Z'))).toBe(false);
    expect(expiredAt(base, at('2025-03-01T13:00:00.000Z'))).toBe('2025-03-01T10:30:00.000Z');
    const noIdle = { ...base, idleExpiresAt: null };
    expect(sessionStatus(noIdle, at('2025-03-01T11:59:00.000Z'))).toBe('active');
    expect(expiredAt(noIdle, at('2025-03-01T12:00:00.000Z'))).toBe('2025-03-01T12:00:00.000Z');
  });

  it('is revoked or logout for good, whatever the clock says', () => {
    const revoked = { ...base, revokedAt: '2025-03-01T10:05:00.000Z' };
    expect(sessionStatus(revoked, at('2025-03-01T10:06:00.000Z'))).toBe('revoked');
    expect(sessionStatus(revoked, at('2025-03-02T00:00:00.000Z'))).toBe('revoked');
    expect(expiredAt(revoked, at('2025-03-02T00:00:00.000Z'))).toBe('2025-03-01T10:05:00.000Z');
    const loggedOut = { ...base, logoutAt: '2025-03-01T10:05:00.000Z' };
    expect(sessionStatus(loggedOut, at('2025-03-02T00:00:00.000Z'))).toBe('logout');
    expect(expiredAt(loggedOut, at('2025-03-02T00:00:00.000Z'))).toBeNull();
  });
});

describe('device fields from a User-Agent', () => {
  it('reads the common browsers and systems', () => {
    const cases: [string, object][] = [
      [
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
        {
          browser: 'Chrome',
          browserVersion: '120.0.0.0',
          os: 'macOS',
          osVersion: '10.15.7',
          deviceType: 'desktop',
        },
      ],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
        {
          browser: 'Edge',
          browserVersion: '120.0.2210.91',
          os: 'Windows',
          osVersion: '10.0',
          deviceType: 'desktop',
        },
      ],
      [
        'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
        { browser: 'Firefox', browserVersion: '121.0', os: 'Linux', deviceType: 'desktop' },
      ],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
        {
          browser: 'Mobile Safari',
          browserVersion: '17.2',
          os: 'iOS',
          osVersion: '17.2',
          deviceType: 'mobile',
        },
      ],
      [
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
        { browser: 'Chrome', os: 'Android', osVersion: '14', deviceType: 'mobile' },
      ],
      [
        'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
        { os: 'iOS', osVersion: '16.6', deviceType: 'tablet' },
      ],
    ];
    for (const [agent, expected] of cases) expect(readUserAgent(agent), agent).toMatchObject(expected);
  });

  it('leaves what it does not recognise empty', () => {
    expect(readUserAgent('curl/8.5.0')).toEqual({
      browser: '',
      browserVersion: '',
      os: '',
      osVersion: '',
      deviceType: 'other',
    });
    expect(readUserAgent(null).deviceType).toBe('other');
  });

  it('reads a hostile 512-character agent quickly', () => {
    const agent = `iPhone${' OS'.repeat(170)}`;
    const started = performance.now();
    readUserAgent(agent.slice(0, 512));
    expect(performance.now() - started).toBeLessThan(50);
  });
});
