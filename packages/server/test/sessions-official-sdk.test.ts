// SessionService through the official @scalekit-sdk/node (`scalekit.session`), on every engine:
// sessions are started through the server's store (the hosted login's job), then read, listed with
// filters and pages, and revoked as an application following Scalekit's documentation would.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import type { Scalekit } from '@scalekit-sdk/node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { CHROME_MAC, newUser, sessionStore, signIn } from './helpers/sessions.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describeEachEngine('sessions through the official @scalekit-sdk/node', (engine) => {
  const ctx = useServer(engine);
  const { notFound, invalid } = sdkRefusals;
  let sdk: Scalekit;
  let orgId: string;
  let strictOrg: string;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    orgId = (await sdk.organization.createOrganization('Sessions Inc')).organization!.id;
    strictOrg = (await sdk.organization.createOrganization('Sessions Strict')).organization!.id;
    await sdk.organization.updateOrganizationSessionPolicy(strictOrg, {
      policySource: 'CUSTOM',
      absoluteSessionTimeout: 2,
      absoluteSessionTimeoutUnit: 'HOURS',
      idleSessionTimeoutEnabled: true,
      idleSessionTimeout: 30,
      idleSessionTimeoutUnit: 'MINUTES',
    });
  });
  afterEach(() => sessionStore(ctx.server).setRevocationHook(undefined));

  /** One session of each status for a fresh user, oldest first: active, expired, revoked, logout, active. */
  async function userWithEveryStatus() {
    const userId = await newUser(sdk, orgId);
    const store = sessionStore(ctx.server);
    const active = await signIn(ctx.server, { userId, organizationId: orgId });
    const expired = await signIn(ctx.server, { userId, organizationId: strictOrg }, 3 * HOUR);
    const revoked = await signIn(ctx.server, { userId, organizationId: orgId });
    await store.revoke(revoked.id, 'test');
    const loggedOut = await signIn(ctx.server, { userId, oidcSessionUid: `uid-${revoked.id}` });
    await store.markLoggedOut(`uid-${revoked.id}`);
    const latest = await signIn(ctx.server, { userId, organizationId: orgId, authMethod: 'sso' });
    return { userId, active, expired, revoked, loggedOut, latest };
  }

  describe('getSession', () => {
    it('returns the session with its device, times and status', async () => {
      const userId = await newUser(sdk, orgId);
      const session = await signIn(ctx.server, { userId, organizationId: orgId });
      const details = await sdk.session.getSession(session.id);
      expect(details).toMatchObject({
        sessionId: session.id,
        userId,
        organizationId: orgId,
        authenticatedOrganizations: [orgId],
        status: 'active',
        authenticatedClients: [],
        device: {
          userAgent: CHROME_MAC,
          ip: '203.0.113.7',
          browser: 'Chrome',
          browserVersion: '120.0.0.0',
          os: 'macOS',
          osVersion: '10.15.7',
          deviceType: 'desktop',
        },
      });
      expect(timestampMs(details.createdAt!)).toBe(Date.parse(session.createdAt));
      expect(timestampMs(details.lastActiveAt!)).toBe(Date.parse(session.createdAt));
      expect(timestampMs(details.absoluteExpiresAt!)).toBe(Date.parse(session.absoluteExpiresAt!));
      expect(details.idleExpiresAt).toBeUndefined();
      expect(details.expiredAt).toBeUndefined();
      expect(details.logoutAt).toBeUndefined();
    });

    it("reports a session past its organization's idle timeout as expired, since that instant", async () => {
      const userId = await newUser(sdk, strictOrg);
      const session = await signIn(ctx.server, { userId, organizationId: strictOrg }, 3 * HOUR);
      const details = await sdk.session.getSession(session.id);
      expect(details.status).toBe('expired');
      const created = Date.parse(session.createdAt);
      expect(timestampMs(details.idleExpiresAt!)).toBe(created + 30 * MINUTE);
      expect(timestampMs(details.absoluteExpiresAt!)).toBe(created + 2 * HOUR);
      expect(timestampMs(details.expiredAt!)).toBe(created + 30 * MINUTE);
    });

    it('answers NOT_FOUND for an unknown session and INVALID_ARGUMENT for none', async () => {
      await notFound(sdk.session.getSession('ses_00000000000000000000000000'));
      await invalid(sdk.session.getSession(''));
    });
  });

  describe('getUserSessions', () => {
    it('lists every session of the user and only theirs, oldest first, with each status', async () => {
      const s = await userWithEveryStatus();
      await userWithEveryStatus(); // another user's sessions must not appear
      const page = await sdk.session.getUserSessions(s.userId);
      expect(page.totalSize).toBe(5);
      expect(page.sessions.map((x) => [x.sessionId, x.status])).toEqual([
        [s.active.id, 'active'],
        [s.expired.id, 'expired'],
        [s.revoked.id, 'revoked'],
        [s.loggedOut.id, 'logout'],
        [s.latest.id, 'active'],
      ]);
      expect(page.sessions.every((x) => x.userId === s.userId)).toBe(true);
      expect(page.nextPageToken).toBe('');
      expect(page.prevPageToken).toBe('');
      const loggedOut = page.sessions[3]!;
      expect(loggedOut.logoutAt).toBeDefined();
      expect(loggedOut.expiredAt).toBeUndefined();
      expect(timestampMs(page.sessions[2]!.expiredAt!)).toBe(
        Date.parse((await sessionStore(ctx.server).get(s.revoked.id))!.revokedAt!),
      );
    });

    it('filters by status (any of them, any letter case)', async () => {
      const s = await userWithEveryStatus();
      const ids = async (status: string[]) =>
        (await sdk.session.getUserSessions(s.userId, { filter: { status } })).sessions.map(
          (x) => x.sessionId,
        );
      expect(await ids(['active'])).toEqual([s.active.id, s.latest.id]);
      expect(await ids(['expired'])).toEqual([s.expired.id]);
      expect(await ids(['revoked', 'logout'])).toEqual([s.revoked.id, s.loggedOut.id]);
      expect(await ids(['ACTIVE', 'Expired'])).toEqual([s.active.id, s.expired.id, s.latest.id]);
      expect(await ids([])).toHaveLength(5);
      const counted = await sdk.session.getUserSessions(s.userId, { filter: { status: ['active'] } });
      expect(counted.totalSize).toBe(2);
      await invalid(sdk.session.getUserSessions(s.userId, { filter: { status: ['deleted'] } }));
    });

    it('filters by creation time, both ends inclusive', async () => {
      const s = await userWithEveryStatus();
      const created = Date.parse(s.active.createdAt);
      const ids = async (filter: { startTime?: Date; endTime?: Date }) =>
        (await sdk.session.getUserSessions(s.userId, { filter })).sessions.map((x) => x.sessionId);
      // The expired session was started three hours back.
      expect(await ids({ endTime: new Date(created - HOUR) })).toEqual([s.expired.id]);
      expect(await ids({ startTime: new Date(created) })).not.toContain(s.expired.id);
      expect(await ids({ startTime: new Date(created), endTime: new Date(created) })).toContain(s.active.id);
      await invalid(
        sdk.session.getUserSessions(s.userId, {
          filter: { startTime: new Date(created), endTime: new Date(created - 1000) },
        }),
      );
    });

    it('pages with keyset tokens: no repeats, no gaps, and back again', async () => {
      const s = await userWithEveryStatus();
      const seen: string[] = [];
      let token = '';
      const pages = [];
      do {
        const page = await sdk.session.getUserSessions(s.userId, { pageSize: 2, pageToken: token });
        expect(page.totalSize).toBe(5);
        pages.push(page);
        seen.push(...page.sessions.map((x) => x.sessionId));
        token = page.nextPageToken;
      } while (token);
      expect(pages.map((p) => p.sessions.length)).toEqual([2, 2, 1]);
      expect(seen).toEqual([s.active, s.expired, s.revoked, s.loggedOut, s.latest].map((x) => x.id));
      const back = await sdk.session.getUserSessions(s.userId, {
        pageSize: 2,
        pageToken: pages[2]!.prevPageToken,
      });
      expect(back.sessions.map((x) => x.sessionId)).toEqual([s.revoked.id, s.loggedOut.id]);
      // Filters and pages combine.
      const firstActive = await sdk.session.getUserSessions(s.userId, {
        pageSize: 1,
        filter: { status: ['active'] },
      });
      expect(firstActive.sessions.map((x) => x.sessionId)).toEqual([s.active.id]);
      const nextActive = await sdk.session.getUserSessions(s.userId, {
        pageSize: 1,
        pageToken: firstActive.nextPageToken,
        filter: { status: ['active'] },
      });
      expect(nextActive.sessions.map((x) => x.sessionId)).toEqual([s.latest.id]);
      expect(nextActive.nextPageToken).toBe('');
    });

    it('refuses an unknown user, a bad page token and an oversized page', async () => {
      const userId = await newUser(sdk, orgId);
      await notFound(sdk.session.getUserSessions('usr_00000000000000000000000000'));
      await invalid(sdk.session.getUserSessions(userId, { pageToken: 'not-a-token' }));
      await invalid(sdk.session.getUserSessions(userId, { pageSize: 1000 }));
      expect((await sdk.session.getUserSessions(userId)).sessions).toEqual([]);
    });
  });

  describe('revokeSession', () => {
    it('revokes an active session, tells the OIDC layer, and is idempotent', async () => {
      const uids: string[][] = [];
      sessionStore(ctx.server).setRevocationHook(async (revoked) => {
        uids.push(revoked);
      });
      const userId = await newUser(sdk, orgId);
      const session = await signIn(ctx.server, { userId, oidcSessionUid: `uid-api-${userId}` });
      const { revokedSession } = await sdk.session.revokeSession(session.id);
      expect(revokedSession).toMatchObject({ sessionId: session.id, userId, status: 'revoked' });
      expect(revokedSession!.expiredAt).toBeDefined();
      expect(uids).toEqual([[`uid-api-${userId}`]]);
      expect((await sdk.session.getSession(session.id)).status).toBe('revoked');
      expect(await sessionStore(ctx.server).touch(session.id)).toBeUndefined();
      const again = await sdk.session.revokeSession(session.id);
      expect(again.revokedSession).toEqual(revokedSession);
      expect(uids).toHaveLength(1);
    });

    it('leaves a session that already ended as it was', async () => {
      const s = await userWithEveryStatus();
      expect((await sdk.session.revokeSession(s.expired.id)).revokedSession!.status).toBe('expired');
      expect((await sdk.session.revokeSession(s.loggedOut.id)).revokedSession!.status).toBe('logout');
    });

    it('answers NOT_FOUND for an unknown session', async () => {
      await notFound(sdk.session.revokeSession('ses_00000000000000000000000000'));
    });
  });

  describe('revokeAllUserSessions', () => {
    it("revokes exactly the user's active sessions", async () => {
      const s = await userWithEveryStatus();
      const other = await userWithEveryStatus();
      const result = await sdk.session.revokeAllUserSessions(s.userId);
      expect(result.totalRevoked).toBe(2);
      expect(result.revokedSessions.map((x) => [x.sessionId, x.status])).toEqual([
        [s.active.id, 'revoked'],
        [s.latest.id, 'revoked'],
      ]);
      const statuses = (await sdk.session.getUserSessions(s.userId)).sessions.map((x) => x.status);
      expect(statuses).toEqual(['revoked', 'expired', 'revoked', 'logout', 'revoked']);
      const untouched = await sdk.session.getUserSessions(other.userId, { filter: { status: ['active'] } });
      expect(untouched.totalSize).toBe(2);
      const again = await sdk.session.revokeAllUserSessions(s.userId);
      expect(again.totalRevoked).toBe(0);
      expect(again.revokedSessions).toEqual([]);
    });

    it('answers NOT_FOUND for an unknown user', async () => {
      await notFound(sdk.session.revokeAllUserSessions('usr_00000000000000000000000000'));
    });
  });
});
