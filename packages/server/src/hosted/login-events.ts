// The events of a hosted login, written in the transaction that starts its session: `user.login`
// every time a person signs in (the organization and the way they proved who they are), and before
// it `user.signup` when the account was created during this sign-in. The user's last_login_at moves
// in the same transaction, so the row and the events never disagree.
import type { Kysely } from 'kysely';
import { appendEvent } from '../events/event-log.ts';
import type { Database } from '../store/schema.ts';
import { userJson } from '../users/user-mapper.ts';
import * as users from '../users/user-store.ts';
import { userView } from '../users/user-view.ts';

export const LOGIN_EVENT_TYPES: readonly { type: string; description: string }[] = [
  { type: 'user.signup', description: 'A person created their account through the hosted login' },
  { type: 'user.login', description: 'A person signed in through the hosted login' },
];

export interface LoginFacts {
  userId: string;
  organizationId: string;
  /** password, otp, magic_link… as the session records it. */
  authMethod: string;
  sessionId: string;
  /** ISO time the session started. */
  at: string;
  /** The account was created in this sign-in. */
  signedUp: boolean;
  /** The SSO connection of an SSO login. */
  connectionId?: string | undefined;
}

export async function recordLogin(
  trx: Kysely<Database>,
  environmentId: string,
  login: LoginFacts,
): Promise<void> {
  await trx.updateTable('users').set({ last_login_at: login.at }).where('id', '=', login.userId).execute();
  const user = await users.findById(trx, login.userId);
  if (!user) throw new Error(`user ${login.userId} vanished while signing in`);
  const data = {
    user: userJson(await userView(trx, user), environmentId),
    organization_id: login.organizationId,
    auth_method: login.authMethod,
    session_id: login.sessionId,
    ...(login.connectionId ? { connection_id: login.connectionId } : {}),
  };
  for (const type of login.signedUp ? ['user.signup', 'user.login'] : ['user.login']) {
    await appendEvent(trx, environmentId, {
      type,
      organizationId: login.organizationId,
      object: 'User',
      data,
    });
  }
}
