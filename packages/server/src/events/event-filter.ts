// ListEvents' EventFilter, validated and applied in SQL. Every field narrows the result; a field
// naming something Gatehouse records no events for (auth requests, interceptors, SSO connections,
// connected accounts) matches nothing rather than being ignored, so a caller never mistakes
// unrelated events for the ones it asked about.
import type { EventFilter } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js';
import { Source } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { sql, type SelectQueryBuilder } from 'kysely';
import { invalidArgument } from '../contract/api-error.ts';
import type { Database } from '../store/schema.ts';

const MAX_EVENT_TYPES = 50;
// Stored times are fixed-width ISO strings compared as text, which holds for years 0001-9999 only.
const MIN_MS = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');
// Scalekit names directory-sync events organization.directory.*; none are recorded yet, but the
// DIR_SYNC source then selects exactly them when they are.
const DIR_SYNC_PREFIX = 'organization.directory.';

type EventQuery<O> = SelectQueryBuilder<Database, 'events', O>;

export interface ParsedFilter {
  eventTypes: string[];
  /** Inclusive lower bound on occurred_at, as stored (ISO). */
  start?: string;
  /** Exclusive upper bound on occurred_at, as stored (ISO). */
  end?: string;
  organizationId?: string;
  source: Source;
  /** An identifier filter no recorded event can match. */
  matchesNothing: boolean;
}

function isoOf(ts: Timestamp | undefined, field: string): string | undefined {
  if (!ts) return undefined;
  const ms = Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
  if (!Number.isFinite(ms) || ts.nanos < 0 || ts.nanos > 999_999_999 || ms < MIN_MS || ms > MAX_MS) {
    throw invalidArgument(`filter.${field} is out of range`);
  }
  return new Date(ms).toISOString();
}

export function parseEventFilter(filter: EventFilter | undefined): ParsedFilter {
  const eventTypes = [...new Set(filter?.eventTypes ?? [])];
  if (eventTypes.length > MAX_EVENT_TYPES) {
    throw invalidArgument(`filter.event_types: at most ${MAX_EVENT_TYPES} types`);
  }
  for (const type of eventTypes) {
    if (!/^[a-z0-9_.]{1,100}$/.test(type))
      throw invalidArgument(`filter.event_types: invalid type "${type}"`);
  }
  const start = isoOf(filter?.startTime, 'start_time');
  const end = isoOf(filter?.endTime, 'end_time');
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidArgument('filter.start_time is after filter.end_time');
  }
  const source = filter?.source ?? Source.SOURCE_UNSPECIFIED;
  if (!(source in Source)) throw invalidArgument(`filter.source: unknown value ${source}`);
  const matchesNothing = Boolean(
    filter?.authRequestId ||
    filter?.interceptorId ||
    filter?.interceptorStatus ||
    filter?.interceptorDecision ||
    filter?.connectionId ||
    filter?.connectedAccountId,
  );
  return {
    eventTypes,
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    ...(filter?.organizationId ? { organizationId: filter.organizationId } : {}),
    source,
    matchesNothing,
  };
}

export function applyEventFilter<O>(query: EventQuery<O>, filter: ParsedFilter): EventQuery<O> {
  let q = query;
  if (filter.matchesNothing) q = q.where(sql<boolean>`1 = 0`);
  if (filter.eventTypes.length > 0) q = q.where('type', 'in', filter.eventTypes);
  if (filter.start !== undefined) q = q.where('occurred_at', '>=', filter.start);
  if (filter.end !== undefined) q = q.where('occurred_at', '<', filter.end);
  if (filter.organizationId !== undefined) q = q.where('organization_id', '=', filter.organizationId);
  if (filter.source === Source.DIR_SYNC) q = q.where('type', 'like', `${DIR_SYNC_PREFIX}%`);
  if (filter.source === Source.SCALEKIT) q = q.where('type', 'not like', `${DIR_SYNC_PREFIX}%`);
  return q;
}
