// SessionService over REST as curl sends it (proto field names, RFC 3339 times, filters in the query
// string), and @gatehouse/sdk's `session` client, which mirrors the official SDK's methods.
import type { Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { Gatehouse, GatehouseError } from '../../sdk/src/index.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { expectRestError, rest, restCaller } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { CHROME_MAC, newUser, sessionStore, signIn } from './helpers/sessions.ts';

const HOUR = 3_600_000;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describeEachEngine('sessions over REST and @gatehouse/sdk', (engine) => {
  const ctx = useServer(engine);
  const { call, ok } = restCaller(ctx);
  let sdk: Scalekit;
  let gh: Gatehouse;
  let orgId: string;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    gh = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
    orgId = (await sdk.organization.createOrganization('Sessions REST')).organization!.id;
  });

  describe('REST', () => {
    it('GET /api/v1/sessions/{id}: the session with proto field names and RFC 3339 times', async () => {
      const userId = await newUser(sdk, orgId);
      const session = await signIn(ctx.server, { userId, organizationId: orgId });
      const body = await ok('GET', `/api/v1/sessions/${session.id}`);
      expect(body).toMatchObject({
        session_id: session.id,
        user_id: userId,
        organization_id: orgId,
        authenticated_organizations: [orgId],
        authenticated_clients: [],
        status: 'active',
        device: {
          user_agent: CHROME_MAC,
          ip: '203.0.113.7',
          browser: 'Chrome',
          os: 'macOS',
          device_type: 'desktop',
        },
      });
      for (const field of ['created_at', 'updated_at', 'last_active_at', 'absolute_expires_at']) {
        expect(body[field], field).toMatch(RFC3339);
      }
      expect(Date.parse(body.absolute_expires_at)).toBe(Date.parse(session.absoluteExpiresAt!));
      expect(body).not.toHaveProperty('idle_expires_at');
      expect(body).not.toHaveProperty('expired_at');
    });

    it('GET /api/v1/users/{id}/sessions: filters from the query string, repeated or comma-separated', async () => {
      const userId = await newUser(sdk, orgId);
      const first = await signIn(ctx.server, { userId }, 2 * HOUR);
      const second = await signIn(ctx.server, { userId });
      const third = await signIn(ctx.server, { userId });
      await sessionStore(ctx.server).revoke(second.id, 'test');
      const list = (query: string) => ok('GET', `/api/v1/users/${userId}/sessions?${query}`);
      const ids = (body: { sessions: { session_id: string }[] }) => body.sessions.map((s) => s.session_id);

      const all = await list('');
      expect(all).toMatchObject({ total_size: 3, next_page_token: '', prev_page_token: '' });
      expect(ids(await list('filter.status=active'))).toEqual([first.id, third.id]);
      expect(ids(await list('filter.status=revoked&filter.status=active'))).toEqual([
        first.id,
        second.id,
        third.id,
      ]);
      expect(ids(await list('filter.status=revoked,logout'))).toEqual([second.id]);
      const hourAgo = new Date(Date.now() - HOUR).toISOString();
      expect(ids(await list(`filter.start_time=${hourAgo}`))).toEqual([second.id, third.id]);
      expect(ids(await list(`filter.end_time=${hourAgo}`))).toEqual([first.id]);
      const paged = await list('page_size=2&filter.status=active');
      expect(ids(paged)).toEqual([first.id, third.id]);
      expect(paged.total_size).toBe(2);
    });

    it('POST …/revoke: one session, or all of a user’s', async () => {
      const userId = await newUser(sdk, orgId);
      const one = await signIn(ctx.server, { userId });
      const two = await signIn(ctx.server, { userId });
      const revoked = await ok('POST', `/api/v1/sessions/${one.id}/revoke`);
      expect(revoked.revoked_session).toMatchObject({
        session_id: one.id,
        user_id: userId,
        status: 'revoked',
      });
      expect(revoked.revoked_session.expired_at).toMatch(RFC3339);
      const all = await ok('POST', `/api/v1/users/${userId}/sessions/revoke`);
      expect(all.total_revoked).toBe(1);
      expect(all.revoked_sessions.map((s: { session_id: string }) => s.session_id)).toEqual([two.id]);
    });

    it('refuses bad input with the contract’s error body', async () => {
      const userId = await newUser(sdk, orgId);
      expectRestError(await call('GET', '/api/v1/sessions/ses_nope'), 404, 5, 'NOT_FOUND', /ses_nope/);
      expectRestError(await call('POST', '/api/v1/sessions/ses_nope/revoke'), 404, 5, 'NOT_FOUND');
      expectRestError(await call('GET', '/api/v1/users/usr_nope/sessions'), 404, 5, 'NOT_FOUND');
      expectRestError(await call('POST', '/api/v1/users/usr_nope/sessions/revoke'), 404, 5, 'NOT_FOUND');
      const base = `/api/v1/users/${userId}/sessions`;
      expectRestError(
        await call('GET', `${base}?filter.status=hacked`),
        400,
        3,
        'INVALID_ARGUMENT',
        /filter\.status/,
      );
      expectRestError(await call('GET', `${base}?filter.start_time=yesterday`), 400, 3, 'INVALID_ARGUMENT');
      expectRestError(
        await call(
          'GET',
          `${base}?filter.start_time=2025-02-01T00:00:00Z&filter.end_time=2025-01-01T00:00:00Z`,
        ),
        400,
        3,
        'INVALID_ARGUMENT',
        /end_time/,
      );
      expectRestError(await call('GET', `${base}?page_token=%27%20or%201=1--`), 400, 3, 'INVALID_ARGUMENT');
      expectRestError(await call('GET', `${base}?page_size=101`), 400, 3, 'INVALID_ARGUMENT');
      const anonymous = await rest(ctx.server, 'GET', base);
      expectRestError(anonymous, 401, 16, 'UNAUTHENTICATED');
    });

    it("pages a user's list with another user's cursor without leaking that user's sessions", async () => {
      const alice = await newUser(sdk, orgId);
      const bob = await newUser(sdk, orgId);
      await signIn(ctx.server, { userId: bob });
      await signIn(ctx.server, { userId: bob });
      await signIn(ctx.server, { userId: alice });
      const bobsPage = await ok('GET', `/api/v1/users/${bob}/sessions?page_size=1`);
      const crossed = await ok(
        'GET',
        `/api/v1/users/${alice}/sessions?page_token=${bobsPage.next_page_token}`,
      );
      expect(crossed.sessions.every((s: { user_id: string }) => s.user_id === alice)).toBe(true);
    });
  });

  describe('@gatehouse/sdk session client', () => {
    it('getSession, getUserSessions with filters, revokeSession and revokeAllUserSessions', async () => {
      const userId = await newUser(sdk, orgId);
      const old = await signIn(ctx.server, { userId, organizationId: orgId }, 2 * HOUR);
      const recent = await signIn(ctx.server, { userId, organizationId: orgId, authMethod: 'otp' });
      const details = await gh.session.getSession(recent.id);
      expect(details).toMatchObject({
        sessionId: recent.id,
        userId,
        organizationId: orgId,
        status: 'active',
        authenticatedOrganizations: [orgId],
        device: { browser: 'Chrome', deviceType: 'desktop', userAgent: CHROME_MAC },
      });
      expect(details.createdAt).toMatch(RFC3339);

      const all = await gh.session.getUserSessions(userId);
      expect(all.sessions.map((s) => s.sessionId)).toEqual([old.id, recent.id]);
      expect(all).toMatchObject({ totalSize: 2, nextPageToken: '', prevPageToken: '' });
      const since = await gh.session.getUserSessions(userId, {
        filter: { startTime: new Date(Date.now() - HOUR), status: ['active'] },
      });
      expect(since.sessions.map((s) => s.sessionId)).toEqual([recent.id]);
      const firstPage = await gh.session.getUserSessions(userId, { pageSize: 1 });
      const secondPage = await gh.session.getUserSessions(userId, {
        pageSize: 1,
        pageToken: firstPage.nextPageToken,
      });
      expect(secondPage.sessions.map((s) => s.sessionId)).toEqual([recent.id]);

      const { revokedSession } = await gh.session.revokeSession(old.id);
      expect(revokedSession).toMatchObject({ sessionId: old.id, status: 'revoked' });
      const remaining = await gh.session.revokeAllUserSessions(userId);
      expect(remaining.totalRevoked).toBe(1);
      expect(remaining.revokedSessions.map((s) => s.sessionId)).toEqual([recent.id]);
    });

    it('throws GatehouseError for refusals, and checks arguments before sending', async () => {
      for (const call of [
        () => gh.session.getSession('ses_nope'),
        () => gh.session.revokeSession('ses_nope'),
        () => gh.session.getUserSessions('usr_nope'),
        () => gh.session.revokeAllUserSessions('usr_nope'),
      ]) {
        await expect(call()).rejects.toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
      }
      const refused = await gh.session.revokeAllUserSessions('').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(GatehouseError);
      expect(refused).toMatchObject({ status: 0, errorCode: 'INVALID_ARGUMENT' });
      await expect(gh.session.getSession('..')).rejects.toMatchObject({ errorCode: 'INVALID_ARGUMENT' });
    });
  });
});
