// Turns a non-2xx response into a GatehouseError. Two body shapes arrive: the contract's REST error
// `{code, message, details: [{'@type': '…ErrorInfo', error_code}]}` from /api/v1, and the OAuth
// `{error, error_description}` from /oauth/token. Anything else (a proxy's HTML page, an empty body)
// still yields a useful error, with codes inferred from the HTTP status.
import { keysToCamel } from './case.ts';
import { GatehouseError, type ErrorCode } from './errors.ts';

// google.rpc.Code names, indexed by number.
const GRPC_CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

// The inverse of the gRPC → HTTP mapping grpc-gateway and the server use.
const GRPC_FROM_HTTP: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  413: 3,
  429: 8,
  499: 1,
  501: 12,
  503: 14,
  504: 4,
};

export function errorFromResponse(status: number, text: string): GatehouseError {
  const body = parseObject(text);
  const grpcStatus = typeof body?.['code'] === 'number' ? body['code'] : grpcFromHttp(status);
  const details = Array.isArray(body?.['details']) ? keysToCamel<unknown[]>(body['details']) : [];
  const oauthError = typeof body?.['error'] === 'string' ? body['error'] : undefined;
  const message =
    stringField(body, 'message') ??
    (oauthError && describeOAuthError(oauthError, stringField(body, 'error_description'))) ??
    `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (oauthError) details.push({ error: oauthError, errorDescription: body?.['error_description'] });
  const errorCode: ErrorCode = errorInfoCode(details) ?? GRPC_CODE_NAMES[grpcStatus] ?? 'UNKNOWN';
  return new GatehouseError({ status, grpcStatus, errorCode, message, details });
}

function grpcFromHttp(status: number): number {
  return GRPC_FROM_HTTP[status] ?? (status >= 500 ? 13 : 2);
}

function errorInfoCode(details: unknown[]): string | undefined {
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null) continue;
    const record = detail as Record<string, unknown>;
    const type = record['@type'];
    if (typeof type === 'string' && type.endsWith('ErrorInfo') && typeof record['errorCode'] === 'string') {
      return record['errorCode'];
    }
  }
  return undefined;
}

function describeOAuthError(error: string, description: string | undefined): string {
  return description ? `${error}: ${description}` : error;
}

function stringField(body: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = body?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
