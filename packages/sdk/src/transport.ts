// One HTTP exchange with a deadline. The body is read inside the same deadline, because a server that
// sends headers and then stalls would otherwise hang the caller forever. Network failures and
// timeouts become GatehouseErrors with status 0, so callers handle a single error type.
import { GatehouseError } from './errors.ts';

export type FetchFunction = typeof fetch;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export async function send(
  fetchFn: FetchFunction,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<RawResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const what = `${init.method ?? 'GET'} ${url}`;
  try {
    const response = await fetchFn(url, { ...init, signal: controller.signal });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (controller.signal.aborted) {
      const message = `${what} timed out after ${timeoutMs} ms`;
      throw new GatehouseError({
        status: 0,
        grpcStatus: 4,
        errorCode: 'DEADLINE_EXCEEDED',
        message,
        cause: error,
      });
    }
    const message = `${what} failed: ${describe(error)}`;
    throw new GatehouseError({ status: 0, grpcStatus: 14, errorCode: 'UNAVAILABLE', message, cause: error });
  } finally {
    clearTimeout(timer);
  }
}

// Node's fetch reports "fetch failed" and hides the useful part (ECONNREFUSED…) in `cause`.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? `${error.message} (${cause})` : error.message;
}
