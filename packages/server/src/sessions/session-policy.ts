// How long a session may last: the idle and absolute timeouts an organization's session policy
// gives (organizations.session_policy, written by UpdateOrganizationSessionPolicy), or the
// application's when the organization follows it or the person signed in to no organization.
// Pure functions: no clock, no database.
import {
  APPLICATION_POLICY,
  POLICY_CUSTOM,
  type StoredSessionPolicy,
} from '../organizations/settings-service.ts';

export interface SessionTimeouts {
  /** The longest a session may live from its creation, whatever its activity. */
  absoluteSeconds: number;
  /** How long a session may sit unused; null: no idle timeout. */
  idleSeconds: number | null;
}

export interface SessionExpiries {
  absoluteExpiresAt: string;
  idleExpiresAt: string | null;
}

// scalekit.v1.commons.TimeUnit: MINUTES = 1, HOURS = 2, DAYS = 3.
const UNIT_SECONDS: Readonly<Record<number, number>> = { 1: 60, 2: 3_600, 3: 86_400 };

function seconds(value: number, unit: number, fallbackUnit: number): number {
  return value * (UNIT_SECONDS[unit] ?? UNIT_SECONDS[fallbackUnit] ?? 86_400);
}

const app = APPLICATION_POLICY;

/** The application's timeouts: the environment default every organization starts with. */
export function applicationTimeouts(): SessionTimeouts {
  return {
    absoluteSeconds: seconds(app.absoluteSessionTimeout, app.absoluteSessionTimeoutUnit, 3),
    idleSeconds: app.idleSessionTimeoutEnabled
      ? seconds(app.idleSessionTimeout, app.idleSessionTimeoutUnit, 1)
      : null,
  };
}

/**
 * The timeouts of a stored policy. As Scalekit documents it, a CUSTOM policy can only tighten the
 * application's: the stricter of the two values applies (the shorter lifetime; an idle timeout if
 * either has one, the shorter if both do). An unset custom timeout is the application's, and a
 * timeout saved without its unit takes the application's unit. Any other source, or a policy that
 * cannot be read, is the application's.
 */
export function timeoutsFromPolicy(storedPolicy: string | null | undefined): SessionTimeouts {
  let policy: StoredSessionPolicy = {};
  try {
    const parsed: unknown = storedPolicy ? JSON.parse(storedPolicy) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      policy = parsed as StoredSessionPolicy;
  } catch {
    // An unreadable policy is no policy: the application's applies.
  }
  const application = applicationTimeouts();
  if (policy.policySource !== POLICY_CUSTOM) return application;
  const customAbsolute = seconds(
    policy.absoluteSessionTimeout ?? app.absoluteSessionTimeout,
    policy.absoluteSessionTimeoutUnit ?? app.absoluteSessionTimeoutUnit,
    app.absoluteSessionTimeoutUnit,
  );
  const customIdle = policy.idleSessionTimeoutEnabled
    ? seconds(
        policy.idleSessionTimeout ?? app.idleSessionTimeout,
        policy.idleSessionTimeoutUnit ?? app.idleSessionTimeoutUnit,
        app.idleSessionTimeoutUnit,
      )
    : null;
  const idles = [application.idleSeconds, customIdle].filter((s): s is number => s !== null);
  return {
    absoluteSeconds: Math.min(application.absoluteSeconds, customAbsolute),
    idleSeconds: idles.length > 0 ? Math.min(...idles) : null,
  };
}

/**
 * When a session created at `createdAtMs` and last used at `lastActiveMs` expires. The idle expiry
 * never passes the absolute one: activity extends a session only up to its lifetime.
 */
export function sessionExpiries(
  timeouts: SessionTimeouts,
  createdAtMs: number,
  lastActiveMs: number,
): SessionExpiries {
  const absoluteMs = createdAtMs + timeouts.absoluteSeconds * 1000;
  const idleMs =
    timeouts.idleSeconds === null ? null : Math.min(lastActiveMs + timeouts.idleSeconds * 1000, absoluteMs);
  return {
    absoluteExpiresAt: new Date(absoluteMs).toISOString(),
    idleExpiresAt: idleMs === null ? null : new Date(idleMs).toISOString(),
  };
}

/**
 * How long after its last recorded activity a session's activity is written again: at most
 * `intervalMs`, and at most half its idle timeout, so a person active more often than the idle
 * timeout is never timed out by a write that was skipped to save work.
 */
export function touchWriteAfterMs(idleSeconds: number | null, intervalMs: number): number {
  return idleSeconds === null ? intervalMs : Math.min(intervalMs, (idleSeconds * 1000) / 2);
}
