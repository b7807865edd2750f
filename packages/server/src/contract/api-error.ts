// One error model for every protocol: services throw ApiError with a stable code, and each edge
// (gRPC/Connect, REST, OAuth) maps it to its own wire shape.
import { Code } from '@connectrpc/connect';
import type { KnownErrorCode } from '@gatehouse/sdk';

// The union of stable error codes lives in the SDK, so server and SDK share one list.
export type ErrorCode = KnownErrorCode;

const GRPC_CODE: Record<ErrorCode, Code> = {
  INVALID_ARGUMENT: Code.InvalidArgument,
  FAILED_PRECONDITION: Code.FailedPrecondition,
  OUT_OF_RANGE: Code.OutOfRange,
  UNAUTHENTICATED: Code.Unauthenticated,
  PERMISSION_DENIED: Code.PermissionDenied,
  NOT_FOUND: Code.NotFound,
  ALREADY_EXISTS: Code.AlreadyExists,
  ABORTED: Code.Aborted,
  RESOURCE_EXHAUSTED: Code.ResourceExhausted,
  CANCELLED: Code.Canceled,
  UNIMPLEMENTED: Code.Unimplemented,
  UNAVAILABLE: Code.Unavailable,
  DEADLINE_EXCEEDED: Code.DeadlineExceeded,
  INTERNAL: Code.Internal,
  UNKNOWN: Code.Unknown,
  PAYLOAD_TOO_LARGE: Code.InvalidArgument,
  ROUTE_NOT_FOUND: Code.NotFound,
};

// The HTTP status each gRPC code maps to, as grpc-gateway and the official SDK agree.
const HTTP_STATUS: Partial<Record<Code, number>> = {
  [Code.InvalidArgument]: 400,
  [Code.FailedPrecondition]: 400,
  [Code.OutOfRange]: 400,
  [Code.Unauthenticated]: 401,
  [Code.PermissionDenied]: 403,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.Aborted]: 409,
  [Code.ResourceExhausted]: 429,
  [Code.Canceled]: 499,
  [Code.Unimplemented]: 501,
  [Code.Unavailable]: 503,
  [Code.DeadlineExceeded]: 504,
};

export class ApiError extends Error {
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
    /** Seconds the caller should wait, for RESOURCE_EXHAUSTED. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get grpcCode(): Code {
    return GRPC_CODE[this.errorCode];
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.grpcCode] ?? 500;
  }
}

export const invalidArgument = (message: string) => new ApiError('INVALID_ARGUMENT', message);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);
export const alreadyExists = (message: string) => new ApiError('ALREADY_EXISTS', message);
export const failedPrecondition = (message: string) => new ApiError('FAILED_PRECONDITION', message);
export const unauthenticated = (message: string) => new ApiError('UNAUTHENTICATED', message);
export const unimplemented = (method: string) =>
  new ApiError('UNIMPLEMENTED', `${method} is not implemented in this version of Gatehouse`);

/** Any thrown value as an ApiError; unknown failures become INTERNAL without leaking their text. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('INTERNAL', 'internal error');
}

/** The REST error body of the contract. */
export function restErrorBody(error: ApiError): object {
  return {
    code: error.grpcCode,
    message: error.message,
    details: [
      { '@type': 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo', error_code: error.errorCode },
    ],
  };
}
