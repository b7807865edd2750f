// The official @scalekit-sdk/node as an independent client, and a check of the errors it raises.
import { Scalekit, ScalekitServerException } from '@scalekit-sdk/node';
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
