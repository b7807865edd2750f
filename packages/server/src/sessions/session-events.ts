// The events of sessions, each appended inside the transaction of the change it describes.
// data.session is the session as REST returns it; a revocation also says why.
import type { Kysely } from 'kysely';
import { appendEvent } from '../events/event-log.ts';
import type { Database } from '../store/schema.ts';
import { sessionJson } from './session-mapper.ts';
import type { SessionRecord } from './session-record.ts';

export type SessionEventType =
  'session.created' | 'session.updated' | 'session.revoked' | 'session.logged_out';

export const SESSION_EVENT_TYPES: readonly { type: SessionEventType; description: string }[] = [
  { type: 'session.created', description: 'A user signed in and a session started' },
  { type: 'session.updated', description: 'A session switched organization or gained an application' },
  { type: 'session.revoked', description: 'A session was revoked' },
  { type: 'session.logged_out', description: 'A user logged out of a session' },
];

export async function sessionEvent(
  trx: Kysely<Database>,
  environmentId: string,
  type: SessionEventType,
  session: SessionRecord,
  now: Date,
): Promise<void> {
  const data: Record<string, unknown> = { session: sessionJson(session, now) };
  if (type === 'session.revoked') data.reason = session.revokedReason ?? '';
  await appendEvent(trx, environmentId, {
    type,
    organizationId: session.organizationId,
    object: 'Session',
    data,
  });
}
