// The one error type the SDK throws. It carries the contract's three views of a failure — the HTTP
// status, the gRPC status and the stable error code — so callers can branch on whichever they know,
// and code written against the official SDK's `httpStatus` / `grpcStatus` / `errorCode` keeps working.
import type { KnownErrorCode } from './error-codes.ts';

/**
 * Stable error codes from the `ErrorInfo` detail of the contract — the server's own union, shared
 * so both sides name failures alike. The `string & {}` arm keeps it open: a newer server may send
 * codes this SDK version does not know yet.
 */
export type ErrorCode = KnownErrorCode | (string & {});

export interface GatehouseErrorInit {
  /** HTTP status of the response; 0 when no response was received. */
  status: number;
  /** gRPC status code (google.rpc.Code), e.g. 5 for NOT_FOUND. */
  grpcStatus: number;
  errorCode: ErrorCode;
  message: string;
  details?: unknown[];
  cause?: unknown;
}

export class GatehouseError extends Error {
  override readonly name = 'GatehouseError';
  /** HTTP status; 0 means no HTTP response: network failure, timeout, or arguments refused before sending. */
  readonly status: number;
  readonly grpcStatus: number;
  readonly errorCode: ErrorCode;
  /** The `details` array of the error body, keys in camelCase (e.g. `{ '@type': '…ErrorInfo', errorCode }`). */
  readonly details: unknown[];

  constructor(init: GatehouseErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.grpcStatus = init.grpcStatus;
    this.errorCode = init.errorCode;
    this.details = init.details ?? [];
  }

  /** Same as `status`; the official Scalekit SDK's name for it. */
  get httpStatus(): number {
    return this.status;
  }
}

/** An error for arguments the SDK refuses before any request is made. */
export function invalidArgument(message: string): GatehouseError {
  return new GatehouseError({ status: 0, grpcStatus: 3, errorCode: 'INVALID_ARGUMENT', message });
}
