// Validation of an application's URLs: where the hosted login may send a person back with a code
// (post-login), after logout, where back-channel logout tokens go, and where login starts. The OIDC
// layer compares redirect URIs exactly (RFC 9700 §4.1.3), so what is stored is exactly what was
// sent; these checks refuse what would make an exact match unsafe or an open redirect possible.
import { invalidArgument } from '../contract/api-error.ts';

export const MAX_URIS = 50;
export const MAX_URI_LENGTH = 2048;

// Development only: plain http is allowed to the local machine, never anywhere else (RFC 8252 §8.3).
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why `value` is not acceptable as an application URL, or undefined when it is. */
export function uriProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_URI_LENGTH) return `must be at most ${MAX_URI_LENGTH} characters`;
  // The URL parser silently drops tabs, newlines and edge spaces: the stored string would not be
  // the one that is matched, so refuse them outright.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'must not contain spaces or control characters';
  if (value.includes('*')) return 'must not contain wildcards (*); list each URL';
  if (value.includes('#')) return 'must not contain a fragment (#)';
  // Browsers read a backslash as a slash in http(s) URLs: the stored string would mislead a reader.
  if (value.includes('\\')) return 'must not contain backslashes';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://app.example.com/callback';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `must use https, not ${url.protocol.replace(/:$/, '')}`;
  }
  // The parser repairs "https:/host" and "https:host"; only the plain form is stored, as matched.
  if (!value.slice(url.protocol.length).startsWith('//')) return 'must be an absolute URL (scheme://host/…)';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (!url.hostname) return 'must name a host';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return 'must use https (http is allowed only for localhost, 127.0.0.1 and [::1])';
  }
  return undefined;
}

/** The field's URLs, each checked, duplicates dropped (first kept); the message names the field. */
export function uriList(field: string, values: string[]): string[] {
  const distinct = [...new Set(values)];
  if (distinct.length > MAX_URIS) throw invalidArgument(`${field}: at most ${MAX_URIS} URLs`);
  for (const value of distinct) {
    const problem = uriProblem(value);
    if (problem) throw invalidArgument(`${field}: "${clip(value)}" ${problem}`);
  }
  return distinct;
}

/** One URL, or null for '' (clears it). */
export function singleUri(field: string, value: string): string | null {
  if (value === '') return null;
  const problem = uriProblem(value);
  if (problem) throw invalidArgument(`${field}: "${clip(value)}" ${problem}`);
  return value;
}

// Messages echo the offending value so an admin can find it, but never a whole 2 KB string.
function clip(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
