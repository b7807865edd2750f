// Independent contract clients over the three protocols the one port serves: gRPC (HTTP/2 cleartext),
// Connect and gRPC-web (both over HTTP/1.1), built from the published descriptors.
import { ConnectError, createClient, type Client, type Transport } from '@connectrpc/connect';
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from '@connectrpc/connect-node';
import { ErrorInfoSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { expect } from 'vitest';

export type Protocol = 'grpc' | 'connect' | 'grpc-web';

export function transport(baseUrl: string, protocol: Protocol): Transport {
  switch (protocol) {
    case 'grpc':
      return createGrpcTransport({ baseUrl });
    case 'connect':
      return createConnectTransport({ baseUrl, httpVersion: '1.1' });
    case 'grpc-web':
      return createGrpcWebTransport({ baseUrl, httpVersion: '1.1' });
  }
}

/** A transport that sends `authorization` verbatim (or nothing) on every call. */
export function authorizedTransport(
  baseUrl: string,
  authorization: string | undefined,
  protocol: Protocol = 'grpc',
): Transport {
  const base = transport(baseUrl, protocol);
  return {
    unary: (method, signal, timeoutMs, header, input, contextValues) => {
      const headers = new Headers(header);
      if (authorization !== undefined) headers.set('authorization', authorization);
      return base.unary(method, signal, timeoutMs, headers, input, contextValues);
    },
    stream: (...args) => base.stream(...args),
  };
}

/** An OrganizationService client that sends `authorization` verbatim (or nothing) on every call. */
export function organizationClient(
  baseUrl: string,
  authorization: string | undefined,
  protocol: Protocol = 'grpc',
): Client<typeof OrganizationService> {
  return createClient(OrganizationService, authorizedTransport(baseUrl, authorization, protocol));
}

/** Awaits a call that must fail and returns its ConnectError, checking the ErrorInfo detail. */
export async function expectConnectError(
  call: Promise<unknown>,
  code: number,
  errorCode: string,
): Promise<ConnectError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConnectError);
  const connectError = error as ConnectError;
  expect(connectError.code).toBe(code);
  expect(connectError.findDetails(ErrorInfoSchema).map((d) => d.errorCode)).toEqual([errorCode]);
  return connectError;
}
