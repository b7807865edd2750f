// Client-credentials access tokens for the management API. One token is cached and shared by every
// call; it is renewed shortly before it expires, and concurrent callers wait on one in-flight request
// instead of each asking the token endpoint (which is rate limited).
import { errorFromResponse } from './error-body.ts';
import { GatehouseError } from './errors.ts';
import { send, type FetchFunction } from './transport.ts';

/** Renew this long before expiry, so a token never expires between being read and being checked. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;

export interface TokenSourceConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchFunction;
  timeoutMs: number;
}

interface CachedToken {
  token: string;
  renewAt: number;
}

export class TokenSource {
  readonly #config: TokenSourceConfig;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(config: TokenSourceConfig) {
    this.#config = config;
  }

  getToken(): Promise<string> {
    const cached = this.#cached;
    if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
    // Cleared once settled, so a failed request is retried by the next caller rather than cached.
    this.#pending ??= this.#requestToken().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * Drops `token` after the server rejected it. Comparing first means a burst of calls that all got
   * 401 with the same old token cause one renewal, not one each.
   */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  async #requestToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, timeoutMs } = this.#config;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const init: RequestInit = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body.toString(),
    };
    const response = await send(this.#config.fetch, tokenUrl, init, timeoutMs);
    if (response.status !== 200) throw errorFromResponse(response.status, response.text);
    const { token, expiresInSeconds } = parseTokenResponse(response.status, response.text);
    this.#cached = { token, renewAt: renewTime(expiresInSeconds) };
    return token;
  }
}

function renewTime(expiresInSeconds: number | undefined): number {
  // Without expires_in there is no expiry to anticipate; the 401-then-renew path covers it.
  if (expiresInSeconds === undefined) return Number.POSITIVE_INFINITY;
  const lifetimeMs = expiresInSeconds * 1000;
  // A token shorter-lived than twice the margin is still reused for half its life.
  return Date.now() + lifetimeMs - Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
}

function parseTokenResponse(status: number, text: string): { token: string; expiresInSeconds?: number } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const token = record['access_token'];
  if (typeof token !== 'string' || token === '') {
    const message = 'token endpoint answered without an access_token';
    throw new GatehouseError({ status, grpcStatus: 13, errorCode: 'INTERNAL', message });
  }
  // Some servers send expires_in as a numeric string; both are accepted.
  const expiresIn = Number(record['expires_in']);
  return Number.isFinite(expiresIn) && expiresIn > 0 ? { token, expiresInSeconds: expiresIn } : { token };
}
