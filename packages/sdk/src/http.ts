// The shared request layer every area client (organization, and later user, role, domain…) uses:
// authenticate, send JSON with snake_case keys, renew the token once on 401, and return the
// response with camelCase keys or throw a GatehouseError.
import { keysToCamel, keysToSnake } from './case.ts';
import { errorFromResponse } from './error-body.ts';
import { GatehouseError } from './errors.ts';
import type { TokenSource } from './token-source.ts';
import { send, type FetchFunction, type RawResponse } from './transport.ts';
import { queryString, type Query } from './url.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Built with `apiPath` so parameters are encoded. */
  path: string;
  /** camelCase keys; renamed to snake_case. */
  query?: Query;
  /** camelCase keys; renamed to snake_case, except inside user-keyed maps such as metadata. */
  body?: object;
}

export interface HttpClientConfig {
  baseUrl: string;
  tokens: TokenSource;
  fetch: FetchFunction;
  timeoutMs: number;
}

export class HttpClient {
  readonly #config: HttpClientConfig;

  constructor(config: HttpClientConfig) {
    this.#config = config;
  }

  async request<T>(request: ApiRequest): Promise<T> {
    const url = this.#config.baseUrl + request.path + queryString(request.query);
    const body = request.body === undefined ? undefined : JSON.stringify(keysToSnake(request.body));
    const { tokens } = this.#config;

    let token = await tokens.getToken();
    let response = await this.#send(request.method, url, body, token);
    // The cached token may have been revoked or the server restarted with new keys: renew once.
    if (response.status === 401) {
      tokens.invalidate(token);
      token = await tokens.getToken();
      response = await this.#send(request.method, url, body, token);
    }
    if (response.status < 200 || response.status >= 300) {
      throw errorFromResponse(response.status, response.text);
    }
    return parseBody<T>(response);
  }

  #send(method: HttpMethod, url: string, body: string | undefined, token: string): Promise<RawResponse> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = body === undefined ? { method, headers } : { method, headers, body };
    return send(this.#config.fetch, url, init, this.#config.timeoutMs);
  }
}

// google.protobuf.Empty arrives as `{}` or as no body at all (204); both become `{}`.
function parseBody<T>(response: RawResponse): T {
  if (response.text.trim() === '') return {} as T;
  try {
    return keysToCamel<T>(JSON.parse(response.text));
  } catch (error) {
    throw new GatehouseError({
      status: response.status,
      grpcStatus: 13,
      errorCode: 'INTERNAL',
      message: `response is not valid JSON: ${response.text.slice(0, 200)}`,
      cause: error,
    });
  }
}
