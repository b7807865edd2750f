// The session store on every engine, through the running server's own context: sessions start with
// the expiry times of their organization's policy (set through the official SDK, as an application
// would), touch() extends and enforces them, and revocation and logout end them once — with their
// events and the OIDC layer's hook.
import type { Scalekit } from '@scalekit-sdk/node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../src/sessions/session-record.ts';
import type { UserSessions } from '../src/sessions/session-store.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { eventsOfSession, newUser, sessionStore, signIn } from './helpers/sessions.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describeEachEngine('user sessions store', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let store: UserSessions;
  let appOrg: string;
  let strictOrg: string;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    store = sessionStore(ctx.server);
    appOrg = (await sdk.organization.createOrganization('Follows the application')).organization!.id;
    strictOrg = (await sdk.organization.createOrganization('Strict sessions')).organization!.id;
    // Two hours at most, thirty minutes idle.
    await sdk.organization.updateOrganizationSessionPolicy(strictOrg, {
      policySource: 'CUSTOM',
      absoluteSessionTimeout: 2,
      absoluteSessionTimeoutUnit: 'HOURS',
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 30,
      idleSessionTimeoutUnit: 'MINUTES',
    });
  });
  afterEach(() => store.setRevocationHook(undefined));

  describe('start', () => {
    it('gives the application policy (7 days, no idle timeout) and writes session.created', async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId, organizationId: appOrg, oidcSessionUid: 'uid-a1' });
      expect(session.id).toMatch(/^ses_[0-9a-z]{26}$/);
      const created = Date.parse(session.createdAt);
      expect(session).toMatchObject({
        userId,
        organizationId: appOrg,
        authenticatedOrganizations: [appOrg],
        oidcSessionUid: 'uid-a1',
        authMethod: 'password',
        ip: '203.0.113.7',
        lastActiveAt: session.createdAt,
        idleTimeoutSeconds: null,
        idleExpiresAt: null,
        absoluteExpiresAt: iso(created + 7 * DAY),
        revokedAt: null,
        logoutAt: null,
      });
      expect(await store.get(session.id)).toEqual(session);
      expect(await store.findByOidcUid('uid-a1')).toEqual(session);
      const [event] = await eventsOfSession(ctx.server, 'session.created', session.id);
      expect(event).toMatchObject({ organization_id: appOrg, object: 'Session' });
      expect(event!.data.session).toMatchObject({
        user_id: userId,
        status: 'active',
        organization_id: appOrg,
      });
    });

    it('gives a session without an organization the application policy', async () => {
      const userId = await newUser(sdk, strictOrg);
      const session = await signIn(ctx.server, { userId, authMethod: 'magic_link' });
      expect(session).toMatchObject({
        organizationId: null,
        authenticatedOrganizations: [],
        idleExpiresAt: null,
      });
      expect(Date.parse(session.absoluteExpiresAt!) - Date.parse(session.createdAt)).toBe(7 * DAY);
    });

    it("applies the organization's custom policy", async () => {
      const userId = await newUser(sdk, strictOrg);
      const session = await signIn(ctx.server, { userId, organizationId: strictOrg });
      const created = Date.parse(session.createdAt);
      expect(session).toMatchObject({
        idleTimeoutSeconds: 30 * 60,
        idleExpiresAt: iso(created + 30 * MINUTE),
        absoluteExpiresAt: iso(created + 2 * HOUR),
      });
    });

    it('refuses what the sign-in code must never send, and writes nothing', async () => {
      const userId = await newUser(sdk, appOrg);
      await signIn(ctx.server, { userId, oidcSessionUid: 'uid-taken' });
      const refusals: [() => Promise<unknown>, string][] = [
        [() => signIn(ctx.server, { userId: 'usr_unknown' }), 'NOT_FOUND'],
        [() => signIn(ctx.server, { userId, organizationId: 'org_unknown' }), 'NOT_FOUND'],
        [() => signIn(ctx.server, { userId, oidcSessionUid: 'uid-taken' }), 'ALREADY_EXISTS'],
        [() => signIn(ctx.server, { userId: ' ' }), 'INVALID_ARGUMENT'],
        [() => signIn(ctx.server, { userId, authMethod: 'Pass word' }), 'INVALID_ARGUMENT'],
        [() => signIn(ctx.server, { userId, authMethod: '' }), 'INVALID_ARGUMENT'],
      ];
      for (const [call, errorCode] of refusals) await expect(call()).rejects.toMatchObject({ errorCode });
      const rows = await ctx.server.running.ctx.db
        .selectFrom('user_sessions')
        .select('id')
        .where('user_id', '=', userId)
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('cuts a long user agent to 512 characters', async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId, userAgent: `Agent/${'x'.repeat(2000)}` });
      expect(session.userAgent).toHaveLength(512);
      expect((await store.get(session.id))!.userAgent).toHaveLength(512);
    });
  });

  describe('touch', () => {
    it('extends the idle expiry with activity and ends the session once idle', async () => {
      const userId = await newUser(sdk, strictOrg);
      const session = await signIn(ctx.server, { userId, organizationId: strictOrg });
      const t0 = Date.parse(session.createdAt);
      const later = await store.touch(session.id, new Date(t0 + 29 * MINUTE));
      expect(later).toMatchObject({
        lastActiveAt: iso(t0 + 29 * MINUTE),
        idleExpiresAt: iso(t0 + 59 * MINUTE),
        absoluteExpiresAt: session.absoluteExpiresAt,
      });
      expect(await store.touch(session.id, new Date(t0 + 58 * MINUTE))).toBeDefined();
      // Idle from 58 to 89 minutes: past the 30-minute idle timeout.
      expect(await store.touch(session.id, new Date(t0 + 89 * MINUTE))).toBeUndefined();
      // An expired session stays expired: a later touch cannot revive it.
      expect(await store.touch(session.id, new Date(t0 + 89 * MINUTE + 1))).toBeUndefined();
      const stored = (await store.get(session.id))!;
      expect(stored.idleExpiresAt).toBe(iso(t0 + 88 * MINUTE));
      expect(store.isLive(stored, new Date(t0 + 87 * MINUTE))).toBe(true);
      expect(store.isLive(stored, new Date(t0 + 88 * MINUTE))).toBe(false);
    });

    it('never lets activity pass the absolute expiry', async () => {
      const userId = await newUser(sdk, strictOrg);
      const session = await signIn(ctx.server, { userId, organizationId: strictOrg });
      const t0 = Date.parse(session.createdAt);
      for (let minutes = 20; minutes < 120; minutes += 20) {
        expect(await store.touch(session.id, new Date(t0 + minutes * MINUTE))).toBeDefined();
      }
      expect((await store.get(session.id))!.idleExpiresAt).toBe(iso(t0 + 2 * HOUR));
      expect(await store.touch(session.id, new Date(t0 + 2 * HOUR - 1))).toBeDefined();
      expect(await store.touch(session.id, new Date(t0 + 2 * HOUR))).toBeUndefined();
    });

    it('writes activity at most once a minute per session', async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId });
      const t0 = Date.parse(session.createdAt);
      const soon = await store.touch(session.id, new Date(t0 + 30_000));
      expect(soon).toEqual(session);
      expect((await store.get(session.id))!.lastActiveAt).toBe(session.lastActiveAt);
      await store.touch(session.id, new Date(t0 + 61_000));
      expect((await store.get(session.id))!.lastActiveAt).toBe(iso(t0 + 61_000));
    });

    it('answers undefined for unknown, revoked and logged-out sessions', async () => {
      const userId = await newUser(sdk, appOrg);
      expect(await store.touch('ses_unknown')).toBeUndefined();
      const revoked = await signIn(ctx.server, { userId });
      await store.revoke(revoked.id, 'test');
      expect(await store.touch(revoked.id)).toBeUndefined();
      const loggedOut = await signIn(ctx.server, { userId, oidcSessionUid: `uid-out-${revoked.id}` });
      await store.markLoggedOut(`uid-out-${revoked.id}`);
      expect(await store.touch(loggedOut.id)).toBeUndefined();
    });
  });

  describe('setOrganization and recordClient', () => {
    it("switches organization, re-applying that organization's policy from creation", async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId, organizationId: appOrg });
      const t0 = Date.parse(session.createdAt);
      const switched = await store.setOrganization(session.id, strictOrg, new Date(t0 + 10 * MINUTE));
      expect(switched).toMatchObject({
        organizationId: strictOrg,
        authenticatedOrganizations: [appOrg, strictOrg],
        absoluteExpiresAt: iso(t0 + 2 * HOUR),
        idleExpiresAt: iso(t0 + 40 * MINUTE),
      });
      const back = await store.setOrganization(session.id, appOrg, new Date(t0 + 20 * MINUTE));
      expect(back).toMatchObject({
        organizationId: appOrg,
        authenticatedOrganizations: [strictOrg, appOrg],
        idleExpiresAt: null,
        absoluteExpiresAt: iso(t0 + 7 * DAY),
      });
      expect(await eventsOfSession(ctx.server, 'session.updated', session.id)).toHaveLength(2);
      await expect(store.setOrganization(session.id, 'org_unknown')).rejects.toMatchObject({
        errorCode: 'NOT_FOUND',
      });
    });

    it('ends a session the stricter policy has already timed out', async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId, organizationId: appOrg }, 3 * HOUR);
      expect(await store.setOrganization(session.id, strictOrg)).toBeUndefined();
      expect(await store.touch(session.id)).toBeUndefined();
    });

    it('records each application that got tokens in the session, once', async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId, organizationId: appOrg });
      await store.recordClient(session.id, 'skc_web');
      await store.recordClient(session.id, 'skc_web');
      const after = await store.recordClient(session.id, 'skc_cli');
      expect(after!.authenticatedClients).toEqual([
        { clientId: 'skc_web', organizationId: appOrg },
        { clientId: 'skc_cli', organizationId: appOrg },
      ]);
      expect(await eventsOfSession(ctx.server, 'session.updated', session.id)).toHaveLength(2);
    });
  });

  describe('revocation and logout', () => {
    it('revokes once, tells the hook the provider uids, and writes session.revoked', async () => {
      const calls: [string[], SessionRecord[]][] = [];
      store.setRevocationHook(async (uids, sessions) => {
        calls.push([uids, sessions]);
      });
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, {
        userId,
        organizationId: appOrg,
        oidcSessionUid: `uid-${userId}`,
      });
      const revoked = await store.revoke(session.id, 'suspicious location');
      expect(revoked).toMatchObject({ revokedReason: 'suspicious location', revokedAt: expect.any(String) });
      expect(calls).toEqual([[[`uid-${userId}`], [revoked]]]);
      // Already ended: returned unchanged, no second event, no second call.
      expect(await store.revoke(session.id, 'again')).toEqual(revoked);
      expect(calls).toHaveLength(1);
      const events = await eventsOfSession(ctx.server, 'session.revoked', session.id);
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toMatchObject({
        reason: 'suspicious location',
        session: { status: 'revoked' },
      });
      expect(await store.revoke('ses_unknown', 'x')).toBeUndefined();
    });

    it("revokes all of one user's live sessions, and nobody else's", async () => {
      const calls: string[][] = [];
      store.setRevocationHook(async (uids) => {
        calls.push(uids);
      });
      const userId = await newUser(sdk, appOrg);
      const otherId = await newUser(sdk, appOrg);
      const live = [
        await signIn(ctx.server, { userId, oidcSessionUid: `uid-1-${userId}` }),
        await signIn(ctx.server, { userId }),
      ];
      const expired = await signIn(ctx.server, { userId, organizationId: strictOrg }, 3 * HOUR);
      const other = await signIn(ctx.server, { userId: otherId });
      const revoked = await store.revokeAllForUser(userId, 'password reset');
      expect(revoked.map((s) => s.id)).toEqual(live.map((s) => s.id));
      expect(calls).toEqual([[`uid-1-${userId}`]]);
      expect((await store.get(expired.id))!.revokedAt).toBeNull();
      expect(await store.touch(other.id)).toBeDefined();
      expect(await store.revokeAllForUser(userId, 'again')).toEqual([]);
      expect(calls).toHaveLength(1);
    });

    it('keeps a revocation when the hook fails', async () => {
      store.setRevocationHook(async () => {
        throw new Error('provider unavailable');
      });
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId });
      expect((await store.revoke(session.id, 'test'))!.revokedAt).not.toBeNull();
      expect(await store.touch(session.id)).toBeUndefined();
    });

    it('revokes a session exactly once under concurrent revocations', async () => {
      let hookCalls = 0;
      store.setRevocationHook(async () => {
        hookCalls += 1;
      });
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId });
      await Promise.all([
        ...Array.from({ length: 4 }, () => store.revoke(session.id, 'one')),
        store.revokeAllForUser(userId, 'all'),
      ]);
      expect(await eventsOfSession(ctx.server, 'session.revoked', session.id)).toHaveLength(1);
      expect(hookCalls).toBe(1);
    });

    it('marks a logout by the provider session uid, once', async () => {
      const userId = await newUser(sdk, appOrg);
      const uid = `uid-logout-${userId}`;
      const session = await signIn(ctx.server, { userId, organizationId: appOrg, oidcSessionUid: uid });
      const out = await store.markLoggedOut(uid);
      expect(out).toMatchObject({ id: session.id, logoutAt: expect.any(String), revokedAt: null });
      expect(await store.markLoggedOut(uid)).toBeUndefined();
      expect(await store.markLoggedOut('uid-nobody')).toBeUndefined();
      expect(await store.revoke(session.id, 'after logout')).toEqual(out);
      const events = await eventsOfSession(ctx.server, 'session.logged_out', session.id);
      expect(events).toHaveLength(1);
      expect(events[0]!.data.session.status).toBe('logout');
    });

    it('links a provider session started after the Gatehouse session', async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId });
      await store.linkOidcSession(session.id, `uid-link-${userId}`);
      expect((await store.findByOidcUid(`uid-link-${userId}`))!.id).toBe(session.id);
      const second = await signIn(ctx.server, { userId });
      await expect(store.linkOidcSession(second.id, `uid-link-${userId}`)).rejects.toMatchObject({
        errorCode: 'ALREADY_EXISTS',
      });
      await expect(store.linkOidcSession('ses_unknown', 'uid-x')).rejects.toMatchObject({
        errorCode: 'NOT_FOUND',
      });
    });

    it("deletes a user's sessions with the user", async () => {
      const userId = await newUser(sdk, appOrg);
      const session = await signIn(ctx.server, { userId });
      await sdk.user.deleteUser(userId);
      expect(await store.get(session.id)).toBeUndefined();
      expect(await store.touch(session.id)).toBeUndefined();
    });
  });
});
