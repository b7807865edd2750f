// The environment's event log (scalekit.v1.events.EventsService) over REST. `listEventsPaginated`
// has the official SDK's positional signature; `listEvents` also returns the total count.
import type { HttpClient } from './http.ts';
import type {
  EventFilter,
  ListEventsOptions,
  ListEventsPaginatedResponse,
  ListEventsResponse,
} from './event-types.ts';
import { withPageDefaults } from './response.ts';

// Dates become RFC 3339 strings here so the body's keys can be renamed without walking into them.
function filterBody(filter: EventFilter | undefined): object {
  if (!filter) return {};
  const { startTime, endTime, ...rest } = filter;
  const iso = (t: string | Date | undefined) => (t instanceof Date ? t.toISOString() : t);
  return {
    ...rest,
    ...(startTime === undefined ? {} : { startTime: iso(startTime) }),
    ...(endTime === undefined ? {} : { endTime: iso(endTime) }),
  };
}

export class EventClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async listEvents(options: ListEventsOptions = {}): Promise<ListEventsResponse> {
    const response = await this.#http.request<ListEventsResponse>({
      method: 'POST',
      path: '/api/v1/events',
      query: { pageSize: options.pageSize, pageToken: options.pageToken },
      body: filterBody(options.filter),
    });
    return withPageDefaults(response, 'events');
  }

  async listEventsPaginated(
    pageSize?: number,
    pageToken?: string,
    filter?: EventFilter,
  ): Promise<ListEventsPaginatedResponse> {
    const response = await this.#http.request<ListEventsResponse>({
      method: 'POST',
      path: '/api/v1/events/paginated',
      query: { pageSize, pageToken },
      body: filterBody(filter),
    });
    const { totalSize: _none, ...page } = withPageDefaults(response, 'events');
    return page;
  }
}
