// Guards on response shapes, so the types the SDK promises hold even against a server that leaves
// default values out of its JSON (proto3 JSON may omit empty lists, "" and 0).
import { GatehouseError } from './errors.ts';
import type { Page } from './types.ts';

/** The field a response must carry (e.g. `organization`), or an INTERNAL error naming it. */
export function requireField<T extends object, K extends keyof T & string>(
  response: T,
  key: K,
  operation: string,
): NonNullable<T[K]> {
  const value = response[key];
  if (value === undefined || value === null) {
    const message = `${operation}: the server's response has no "${key}"`;
    throw new GatehouseError({ status: 200, grpcStatus: 13, errorCode: 'INTERNAL', message });
  }
  return value as NonNullable<T[K]>;
}

/** A page with its list and tokens filled in when the server omitted their default values. */
export function withPageDefaults<T extends Page, K extends keyof T & string>(response: T, listKey: K): T {
  const list = response[listKey];
  return {
    ...response,
    [listKey]: Array.isArray(list) ? list : [],
    nextPageToken: response.nextPageToken ?? '',
    prevPageToken: response.prevPageToken ?? '',
    totalSize: response.totalSize ?? 0,
  };
}
