// Building request URLs safely: every path parameter is percent-encoded so an id can never change
// which route is called, and query options are renamed to the proto's snake_case.
import { camelToSnake } from './case.ts';
import { invalidArgument } from './errors.ts';

export type QueryValue =
  string | number | boolean | readonly (string | number | boolean)[] | null | undefined;
export type Query = Record<string, QueryValue>;

/**
 * Tagged template for API paths: `apiPath\`/api/v1/organizations/${id}\``. Each interpolated value
 * is one encoded path segment. Empty values and dot segments are refused: URL parsers collapse
 * `.`/`..` (even as %2E) and an empty id would silently address the collection instead.
 */
export function apiPath(strings: TemplateStringsArray, ...values: string[]): string {
  let path = strings[0] ?? '';
  values.forEach((value, index) => {
    path += encodeSegment(value) + (strings[index + 1] ?? '');
  });
  return path;
}

function encodeSegment(value: string): string {
  if (typeof value !== 'string' || value === '') throw invalidArgument('a path parameter (id) is required');
  if (value === '.' || value === '..') throw invalidArgument(`"${value}" is not a valid id`);
  return encodeURIComponent(value);
}

/** `?page_size=10&features=sso&features=dir_sync`; undefined and null values are left out. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const name = camelToSnake(key);
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) params.append(name, String(item));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The environment URL without trailing slashes, so `${base}/api/v1/…` never has `//`. */
export function normalizeBaseUrl(envUrl: string): string {
  let url: URL;
  try {
    url = new URL(envUrl);
  } catch {
    throw invalidArgument(`environment URL "${envUrl}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidArgument(`environment URL must be http(s), got "${url.protocol}"`);
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
