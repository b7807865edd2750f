// GET /api/v1/webhooks/endpoints: a keyset page in the contract's list style (page_size,
// page_token; next_page_token, prev_page_token, total_size). Without page_size it returns
// MAX_PAGE_SIZE endpoints, so a caller that never paged before still gets a full page.
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import { pageTokens } from '../util/keyset-page.ts';
import { decodeCursor, MAX_PAGE_SIZE, pageSize } from '../util/page-token.ts';
import { endpointJson, listEndpoints } from './endpoint-service.ts';

function sizeParam(raw: string | null): number {
  if (raw === null || raw === '') return MAX_PAGE_SIZE;
  if (!/^[0-9]{1,6}$/.test(raw)) throw invalidArgument(`page_size must be between 1 and ${MAX_PAGE_SIZE}`);
  return pageSize(Number(raw) || MAX_PAGE_SIZE);
}

export async function listEndpointPage(ctx: AppContext, query: URLSearchParams) {
  const size = sizeParam(query.get('page_size'));
  const cursor = decodeCursor(query.get('page_token') ?? '');
  if (cursor && !cursor.id.startsWith('whe_'))
    throw invalidArgument('page_token is not a token this server issued');
  const page = await listEndpoints(ctx, cursor, size);
  const tokens = pageTokens(page, (row) => row.id);
  return {
    endpoints: page.rows.map((row) => endpointJson(row)),
    next_page_token: tokens.nextPageToken,
    prev_page_token: tokens.prevPageToken,
    total_size: page.total,
  };
}
