// The official @scalekit-sdk/node as an independent client, and a check of the errors it raises.
import { Code } from '@connectrpc/connect';
import {
  Scalekit,
  ScalekitBadRequestException,
  ScalekitConflictException,
  ScalekitNotFoundException,
  ScalekitServerException,
} from '@scalekit-sdk/node';
import { expect } from 'vitest';
import type { TestServer } from '../harness.ts';

export function officialClient(server: TestServer): Scalekit {
  return new Scalekit(server.url, server.clientId, server.clientSecret);
}

/**
 * Awaits an SDK call that must fail: the exception class the SDK picks from the gRPC status, the
 * HTTP and gRPC statuses it reports, and the error code it read from the ErrorInfo detail.
 */
export async function expectSdkError(
  call: Promise<unknown>,
  exceptionClass: abstract new (...args: never[]) => ScalekitServerException,
  expected: { httpStatus: number; grpcStatus: number; errorCode: string },
): Promise<ScalekitServerException> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(exceptionClass);
  const serverError = error as ScalekitServerException;
  expect({
    httpStatus: serverError.httpStatus,
    grpcStatus: serverError.grpcStatus,
    errorCode: serverError.errorCode,
  }).toEqual(expected);
  expect(serverError.message).not.toBe('');
  return serverError;
}

// What the official SDK reports for the refusals tests check most: HTTP status, gRPC status, error code.
export const NOT_FOUND = { httpStatus: 404, grpcStatus: Code.NotFound, errorCode: 'NOT_FOUND' };
export const CONFLICT = { httpStatus: 409, grpcStatus: Code.AlreadyExists, errorCode: 'ALREADY_EXISTS' };
export const INVALID = { httpStatus: 400, grpcStatus: Code.InvalidArgument, errorCode: 'INVALID_ARGUMENT' };
export const PRECONDITION = {
  httpStatus: 400,
  grpcStatus: Code.FailedPrecondition,
  errorCode: 'FAILED_PRECONDITION',
};

/** The refusals checked most, each as the exception class and statuses the official SDK reports. */
export const sdkRefusals = {
  notFound: (call: Promise<unknown>) => expectSdkError(call, ScalekitNotFoundException, NOT_FOUND),
  conflict: (call: Promise<unknown>) => expectSdkError(call, ScalekitConflictException, CONFLICT),
  invalid: (call: Promise<unknown>) => expectSdkError(call, ScalekitBadRequestException, INVALID),
  refused: (call: Promise<unknown>) => expectSdkError(call, ScalekitBadRequestException, PRECONDITION),
};
