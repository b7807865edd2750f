// Setting up what the sessions tests need: users to sign in, sessions started straight through the
// server's own store (the hosted login is what starts them in production), and the session events.
import type { Scalekit } from '@scalekit-sdk/node';
import type { TestServer } from '../harness.ts';
import type { StartSessionInput, UserSessions } from '../../src/sessions/session-store.ts';
import { eventsOfType } from './identity.ts';
import { unique } from './servers.ts';

export const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

export function sessionStore(server: TestServer): UserSessions {
  return server.running.ctx.sessions;
}

/** A fresh user, member of `organizationId`; resolves with its id. */
export async function newUser(sdk: Scalekit, organizationId: string): Promise<string> {
  const { user } = await sdk.user.createUserAndMembership(organizationId, {
    email: `session.${unique()}@example.com`,
  });
  return user!.id;
}

/** Starts a session as the hosted login would, `agoMs` in the past (0: now). */
export function signIn(
  server: TestServer,
  input: Partial<StartSessionInput> & { userId: string },
  agoMs = 0,
) {
  return sessionStore(server).start(
    { authMethod: 'password', ip: '203.0.113.7', userAgent: CHROME_MAC, ...input },
    new Date(Date.now() - agoMs),
  );
}

/** The session events about one session, oldest first. */
export async function eventsOfSession(server: TestServer, type: string, sessionId: string) {
  return (await eventsOfType(server, type)).filter((e) => e.data.session?.session_id === sessionId);
}
