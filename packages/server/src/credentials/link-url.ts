// The base URLs that mailed links are built on: the hosted pages' reset and magic-link URLs, and an
// application's magiclink_auth_uri. Only absolute http(s) URLs without credentials are accepted: a
// javascript: or data: "link" in a mail, or one carrying a user:password, is never what was meant.
import { invalidArgument } from '../contract/api-error.ts';

const MAX_URL = 2048;

/** The URL as it will be used, or INVALID_ARGUMENT naming `field`. */
export function parseLinkBase(value: string, field: string): string {
  const text = value.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw invalidArgument(`${field} must be an absolute http(s) URL`);
  }
  if (text.length > MAX_URL) throw invalidArgument(`${field} must be at most ${MAX_URL} characters`);
  return url.toString();
}

/** `base` with one more query parameter, keeping any query (and fragment) it already has. */
export function withParameter(base: string, name: string, value: string): string {
  const url = new URL(base);
  url.searchParams.set(name, value);
  return url.toString();
}
