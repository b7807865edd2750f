// Fetches an IdP's metadata document from the URL an organization admin gave. The URL is theirs, so
// the request goes through the same SSRF guard as OIDC discovery (private addresses refused unless
// the deployment allows them, the connection pinned to the checked address, no redirects), with
// https required outside that allowance, a 5 s deadline and a 1 MB cap. Every failure is an
// INVALID_ARGUMENT that names the cause.
import { invalidArgument } from '../../contract/api-error.ts';
import { isLoopbackUrl } from '../../webhooks/webhook-config.ts';
import { BlockedIdpAddress, guardedFetch } from '../oidc/guarded-fetch.ts';
import { MAX_METADATA_BYTES } from './idp-metadata.ts';

export const METADATA_TIMEOUT_MS = 5_000;
const MAX_URL = 2048;

export interface MetadataFetchOptions {
  /** Private and loopback addresses allowed (the webhooks' setting, on for a localhost deployment). */
  allowPrivate: boolean;
  timeoutMs?: number;
}

const refuse = (problem: string) => invalidArgument(`idp_metadata_url: ${problem}`);

/** The URL as it will be fetched and stored, or INVALID_ARGUMENT. */
export function metadataUrl(value: string, allowPrivate: boolean): URL {
  const text = value.trim();
  if (text.length > MAX_URL) throw refuse(`longer than ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse('not a URL');
  }
  const devHttp = url.protocol === 'http:' && allowPrivate && isLoopbackUrl(url.href);
  if (url.protocol !== 'https:' && !devHttp) {
    throw refuse(
      'must be an https URL (http only for a loopback address where private addresses are allowed)',
    );
  }
  if (url.username || url.password) throw refuse('must not carry credentials');
  return url;
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof BlockedIdpAddress) {
    return `points to a private or loopback address, which is refused (${error.message})`;
  }
  if (!(error instanceof Error)) return 'could not be fetched';
  // The overall deadline aborts (TimeoutError / AbortError); the socket's own timeout says "timed out".
  if (['TimeoutError', 'AbortError'].includes(error.name) || /timed out/.test(error.message)) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (/too large/.test(error.message)) return `the document is larger than ${MAX_METADATA_BYTES / 1024} KB`;
  const code = (error as { code?: unknown } | null)?.code;
  return `could not be fetched (${typeof code === 'string' ? code : 'network error'})`;
}

/** The document's text. */
export async function fetchIdpMetadata(value: string, options: MetadataFetchOptions): Promise<string> {
  const url = metadataUrl(value, options.allowPrivate);
  const timeoutMs = options.timeoutMs ?? METADATA_TIMEOUT_MS;
  const fetcher = guardedFetch({
    allowPrivate: options.allowPrivate,
    timeoutMs,
    maxBodyBytes: MAX_METADATA_BYTES,
  });
  let res: Response;
  try {
    res = await fetcher(url, {
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
      // The socket timeout only bounds silence; this bounds the whole exchange.
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw refuse(reasonOf(error, timeoutMs));
  }
  if (res.status === 301 || res.status === 302 || res.status === 307 || res.status === 308) {
    throw refuse(`answered HTTP ${res.status} (redirects are not followed; give the final URL)`);
  }
  if (res.status !== 200) throw refuse(`answered HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse('the document is not UTF-8 text');
  }
}
