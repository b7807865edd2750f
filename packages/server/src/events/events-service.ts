// EventsService: the environment's event log, newest first, as the descriptor documents
// ("ordered most-recent first"). Pages are keyset pages over `seq`, the log's total order, so
// events appended while a reader pages arrive ahead of its first page and never shift a later one.
// ListEvents also counts the matches; ListEventsPaginated skips that count, which is its purpose.
import type { EventsService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js';
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../util/page-token.ts';
import { decodeEventCursor, encodeEventCursor } from './event-cursor.ts';
import { applyEventFilter, parseEventFilter } from './event-filter.ts';
import { toScalekitEvent } from './event-mapper.ts';

type Handlers = ServiceHandlers<typeof EventsService>;

interface ListRequest {
  filter?: Parameters<typeof parseEventFilter>[0];
  pageSize: number;
  pageToken: string;
}

/** The descriptor's rule: 0 means the default (10), and larger sizes are clamped to 100. */
function eventPageSize(requested: number): number {
  return requested === 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
}

async function listPage(ctx: AppContext, req: ListRequest, withTotal: boolean) {
  const size = eventPageSize(req.pageSize);
  const cursor = decodeEventCursor(req.pageToken);
  const filter = parseEventFilter(req.filter);
  const base = applyEventFilter(
    ctx.db.selectFrom('events').where('environment_id', '=', ctx.environmentId),
    filter,
  );
  // Backward pages read upward from the cursor and are turned around, so every page is newest-first.
  const backward = cursor?.direction === 'prev';
  let pageQuery = base.select([
    'seq',
    'id',
    'type',
    'occurred_at',
    'environment_id',
    'organization_id',
    'object',
    'data',
  ]);
  if (cursor) pageQuery = pageQuery.where('seq', backward ? '>' : '<', cursor.seq);
  const [rows, total] = await Promise.all([
    pageQuery
      .orderBy('seq', backward ? 'asc' : 'desc')
      .limit(size + 1)
      .execute(),
    withTotal
      ? base
          .select(sql<string | number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n))
      : Promise.resolve(0),
  ]);
  const more = rows.length > size;
  if (more) rows.pop();
  if (backward) rows.reverse();
  const hasNext = backward ? true : more;
  const hasPrev = backward ? more : cursor !== undefined;
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    events: rows.map(toScalekitEvent),
    nextPageToken: hasNext && last ? encodeEventCursor({ direction: 'next', seq: Number(last.seq) }) : '',
    prevPageToken: hasPrev && first ? encodeEventCursor({ direction: 'prev', seq: Number(first.seq) }) : '',
    total,
  };
}

export function eventsHandlers(ctx: AppContext): Handlers {
  return {
    async listEvents(req) {
      const { total, ...page } = await listPage(ctx, req, true);
      return { ...page, totalSize: total };
    },

    async listEventsPaginated(req) {
      const { total: _skipped, ...page } = await listPage(ctx, req, false);
      return page;
    },
  };
}
