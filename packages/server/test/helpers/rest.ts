// REST calls as curl would make them: plain fetch, JSON in and out, status and headers kept.
import { expect } from 'vitest';
import type { TestServer } from '../harness.ts';

export interface RestResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: any; // any: tests index into arbitrary JSON bodies
}

export interface RestOptions {
  token?: string | undefined;
  /** A JSON value to send, or raw bytes/text sent as they are (content-type stays application/json). */
  json?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

export async function rest(
  server: Pick<TestServer, 'url'>,
  method: string,
  path: string,
  options: RestOptions = {},
): Promise<RestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body as BodyInit | undefined });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export const ERROR_INFO_TYPE = 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo';

/** Asserts the contract's REST error body, exactly: {code, message, details: [ErrorInfo]}. */
export function expectRestError(
  res: RestResponse,
  status: number,
  code: number,
  errorCode: string,
  message?: RegExp,
): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: {
      code,
      message: expect.any(String),
      details: [{ '@type': ERROR_INFO_TYPE, error_code: errorCode }],
    },
  });
  expect(res.body.message).not.toBe('');
  if (message) expect(res.body.message).toMatch(message);
}

/** Key paths that are not proto (snake_case) names; metadata keys are the caller's own. */
export function camelKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => camelKeys(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(/[A-Z]/.test(key) ? [`${path}.${key}`] : []),
    ...(key === 'metadata' ? [] : camelKeys(inner, `${path}.${key}`)),
  ]);
}

/**
 * Calls with the handle's token: `call` returns the response as it is, `ok` insists on 200 and on
 * proto (snake_case) field names throughout the body, and returns the body.
 */
export function restCaller(handle: { server: Pick<TestServer, 'url'>; token: string }) {
  const call = (method: string, path: string, json?: unknown): Promise<RestResponse> =>
    rest(
      handle.server,
      method,
      path,
      json === undefined ? { token: handle.token } : { token: handle.token, json },
    );
  const ok = async (method: string, path: string, json?: unknown) => {
    const res = await call(method, path, json);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(camelKeys(res.body)).toEqual([]);
    return res.body;
  };
  return { call, ok };
}
