// One delivery request: POST with a hard deadline, no redirects followed, the address checked after
// DNS resolution (and the connection made to exactly the checked address, so a second lookup
// cannot swap in a private one). Keep-alive agents reuse connections to busy receivers.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './address-policy.ts';

export interface OutboundResult {
  statusCode: number | null;
  /** Why the attempt failed, for the delivery log; null on a 2xx. */
  error: string | null;
  /** Seconds from a Retry-After header, when the receiver sent one. */
  retryAfterSeconds: number | null;
  durationMs: number;
}

export class BlockedAddressError extends Error {}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (refused) {
        return callback(
          new BlockedAddressError(`${hostname} resolves to ${refused.address}, a private address`),
          '',
          0,
        );
      }
      if ((options as { all?: boolean }).all) return callback(null, list as never);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Refuses a URL whose host is a literal private address (names are checked when resolved). */
export function literalAddressProblem(url: URL, allowPrivate: boolean): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && isPrivateAddress(host)) return `${host} is a private address`;
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) return `${host} is loopback`;
  return undefined;
}

export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivate: boolean; signal?: AbortSignal },
): Promise<OutboundResult> {
  const started = performance.now();
  const done = (partial: Omit<OutboundResult, 'durationMs'>): OutboundResult => ({
    ...partial,
    durationMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done({ statusCode: null, error: 'invalid URL', retryAfterSeconds: null }));
    }
    const literal = literalAddressProblem(target, options.allowPrivate);
    if (literal)
      return resolve(done({ statusCode: null, error: `refused: ${literal}`, retryAfterSeconds: null }));
    const secure = target.protocol === 'https:';
    const req = (secure ? https : http).request(target, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      lookup: guardedLookup(options.allowPrivate),
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Gatehouse-Webhooks/1',
      },
      signal: options.signal,
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on('response', (res) => {
      // The body is not needed; drain it so the connection can be reused.
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        resolve(
          done({
            statusCode: status,
            error: ok ? null : describeStatus(status, res.headers.location),
            retryAfterSeconds: parseRetryAfter(res.headers['retry-after']),
          }),
        );
      });
      res.on('error', () => {});
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      const reason = error instanceof BlockedAddressError ? `refused: ${error.message}` : error.message;
      resolve(done({ statusCode: null, error: reason || String(error), retryAfterSeconds: null }));
    });
    req.end(body);
  });
}

function describeStatus(status: number, location: string | undefined): string {
  if (status >= 300 && status < 400)
    return `HTTP ${status}: redirects are not followed (to ${location ?? '?'})`;
  return `HTTP ${status}`;
}

function parseRetryAfter(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
