// The fetch openid-client uses to talk to an enterprise IdP. The IdP's URLs come from an
// organization admin, so every request goes through the webhooks' SSRF guard: the address is
// checked after DNS resolution and the connection made to exactly that address, redirects are not
// followed, answers are capped in size and time.
import http from 'node:http';
import https from 'node:https';
import { BlockedAddressError, guardedLookup, literalAddressProblem } from '../../webhooks/outbound.ts';

/** Discovery documents, JWKS, tokens and userinfo are small; anything larger is refused. */
const MAX_BODY_BYTES = 512 * 1024;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export class BlockedIdpAddress extends Error {
  override readonly name = 'BlockedIdpAddress';
}

export interface GuardOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** Larger answers are refused; default 512 KB (IdP metadata allows more). */
  maxBodyBytes?: number;
}

function bodyOf(body: RequestInit['body']): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('unsupported request body');
}

export function guardedFetch(options: GuardOptions): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('unsupported scheme');
    const literal = literalAddressProblem(url, options.allowPrivate);
    if (literal) throw new BlockedIdpAddress(literal);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = bodyOf(init.body);
    if (body !== undefined && init.body instanceof URLSearchParams && !headers['content-type']) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const req = (secure ? https : http).request(url, {
        method: init.method ?? 'GET',
        headers: { 'user-agent': 'Gatehouse-SSO/1', ...headers },
        lookup: guardedLookup(options.allowPrivate),
        // A fresh connection each time: a pooled socket would skip the guarded lookup, and its idle
        // timer (already running) would cut the timeout short.
        agent: false,
        signal: init.signal ?? undefined,
        timeout: options.timeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
      req.on('error', (error) => {
        // The lookup's refusal surfaces here; give it a type the caller can tell apart.
        if (error instanceof BlockedAddressError) reject(new BlockedIdpAddress(error.message));
        else reject(error);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > (options.maxBodyBytes ?? MAX_BODY_BYTES)) req.destroy(new Error('IdP answer too large'));
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
              responseHeaders.append(name, v);
            }
          }
          const payload = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, headers: responseHeaders }));
        });
      });
      req.end(body);
    });
  }) as typeof fetch;
}
