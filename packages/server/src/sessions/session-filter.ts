// UserSessionFilter as the list query understands it: statuses by the contract's names (any letter
// case, so ACTIVE works as well as active) and a creation-time window, both ends inclusive.
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { invalidArgument } from '../contract/api-error.ts';
import type { SessionListFilter } from './session-queries.ts';
import { SESSION_STATUSES, type SessionStatus } from './session-record.ts';

interface FilterMessage {
  status: string[];
  startTime?: Timestamp | undefined;
  endTime?: Timestamp | undefined;
}

function isoOf(time: Timestamp | undefined, field: string): string | undefined {
  if (!time) return undefined;
  const date = timestampDate(time);
  if (Number.isNaN(date.getTime())) throw invalidArgument(`filter.${field} is not a valid time`);
  return date.toISOString();
}

export function sessionListFilter(filter: FilterMessage | undefined): SessionListFilter {
  const statuses = new Set<SessionStatus>();
  for (const raw of filter?.status ?? []) {
    const status = raw.trim().toLowerCase();
    if (!(SESSION_STATUSES as readonly string[]).includes(status)) {
      throw invalidArgument(
        `filter.status: unknown status ${JSON.stringify(raw)} (known: ${SESSION_STATUSES.join(', ')})`,
      );
    }
    statuses.add(status as SessionStatus);
  }
  const createdFrom = isoOf(filter?.startTime, 'start_time');
  const createdUntil = isoOf(filter?.endTime, 'end_time');
  if (createdFrom !== undefined && createdUntil !== undefined && createdUntil < createdFrom) {
    throw invalidArgument('filter.end_time must not be before filter.start_time');
  }
  return {
    statuses: [...statuses],
    ...(createdFrom === undefined ? {} : { createdFrom }),
    ...(createdUntil === undefined ? {} : { createdUntil }),
  };
}
