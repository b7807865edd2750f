// Writing responses: JSON, HTML and the contract's error body, with the security headers every
// answer carries.
import type http from 'node:http';
import type http2 from 'node:http2';
import { type ApiError, restErrorBody } from '../contract/api-error.ts';

export type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

const BASE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function sendJson(
  res: AnyResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  (res as http.ServerResponse).writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function sendHtml(res: AnyResponse, status: number, html: string): void {
  (res as http.ServerResponse).writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

export function sendError(res: AnyResponse, error: ApiError): void {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.errorCode === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
  sendJson(res, error.httpStatus, restErrorBody(error), headers);
}
