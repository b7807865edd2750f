// A session as the contract's messages: SessionDetails (GetSession, GetUserSessions),
// RevokedSessionDetails (the revoke methods) and the JSON events carry. The status and expired_at
// depend on the moment they are read, so every mapping takes `now`.
import { create, toJson, type JsonObject, type MessageInitShape } from '@bufbuild/protobuf';
import {
  SessionDetailsSchema,
  type RevokedSessionDetailsSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js';
import { toTimestamp } from '../util/time.ts';
import { expiredAt, sessionStatus, type SessionRecord } from './session-record.ts';
import { readUserAgent } from './user-agent.ts';

type SessionDetailsInit = MessageInitShape<typeof SessionDetailsSchema>;
type RevokedSessionDetailsInit = MessageInitShape<typeof RevokedSessionDetailsSchema>;

const timestamp = (iso: string | null) => (iso === null ? undefined : toTimestamp(iso));

/** The times both messages share. */
function times(session: SessionRecord, now: Date) {
  return {
    sessionId: session.id,
    userId: session.userId,
    createdAt: toTimestamp(session.createdAt),
    updatedAt: toTimestamp(session.updatedAt),
    idleExpiresAt: timestamp(session.idleExpiresAt),
    absoluteExpiresAt: timestamp(session.absoluteExpiresAt),
    expiredAt: timestamp(expiredAt(session, now)),
    logoutAt: timestamp(session.logoutAt),
    status: sessionStatus(session, now),
    lastActiveAt: toTimestamp(session.lastActiveAt),
  };
}

export function toSessionDetails(session: SessionRecord, now: Date): SessionDetailsInit {
  return {
    ...times(session, now),
    authenticatedOrganizations: session.authenticatedOrganizations,
    organizationId: session.organizationId ?? '',
    // No geolocation: Gatehouse keeps no IP database, so `location` stays unset.
    device: { ...readUserAgent(session.userAgent), userAgent: session.userAgent ?? '', ip: session.ip ?? '' },
    authenticatedClients: session.authenticatedClients,
  };
}

export function toRevokedSessionDetails(session: SessionRecord, now: Date): RevokedSessionDetailsInit {
  return times(session, now);
}

/** data.session of the session events: the session as REST returns it (proto field names). */
export function sessionJson(session: SessionRecord, now: Date): JsonObject {
  const message = create(SessionDetailsSchema, toSessionDetails(session, now));
  return toJson(SessionDetailsSchema, message, { useProtoFieldName: true }) as JsonObject;
}
