// The direct unary gRPC handler, spoken to with a raw HTTP/2 client: framing, compression, status
// trailers and the ErrorInfo detail — the parts the official SDK relies on without showing them.
import http2 from 'node:http2';
import { gzipSync } from 'node:zlib';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  GetOrganizationRequestSchema,
  GetOrganizationResponseSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getToken, startTestServer, type TestServer } from './harness.ts';

interface GrpcAnswer {
  status: string | undefined;
  message: string | undefined;
  details: string | undefined;
  body: Buffer;
}

function call(url: string, path: string, body: Buffer, headers: Record<string, string>): Promise<GrpcAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on('error', reject);
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      ...headers,
    });
    const chunks: Buffer[] = [];
    let head: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    stream.on('response', (h) => (head = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      session.close();
      const pick = (name: string) => (trailers[name] ?? head[name]) as string | undefined;
      resolve({
        status: pick('grpc-status'),
        message: pick('grpc-message'),
        details: pick('grpc-status-details-bin'),
        body: Buffer.concat(chunks),
      });
    });
    stream.end(body);
  });
}

function frame(payload: Uint8Array, compressed = false): Buffer {
  const header = Buffer.alloc(5);
  header[0] = compressed ? 1 : 0;
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

describe('unary gRPC over HTTP/2', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  let orgId: string;
  const path = '/scalekit.v1.organizations.OrganizationService/GetOrganization';
  const request = (id: string) =>
    toBinary(
      GetOrganizationRequestSchema,
      create(GetOrganizationRequestSchema, { identities: { case: 'id', value: id } }),
    );

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    auth = { authorization: `Bearer ${await getToken(server)}` };
    const res = await fetch(`${server.url}/api/v1/organizations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ display_name: 'Framed' }),
    });
    orgId = ((await res.json()) as { organization: { id: string } }).organization.id;
  });
  afterAll(() => server.close());

  it('answers one framed message with status 0 in the trailers', async () => {
    const answer = await call(server.url, path, frame(request(orgId)), auth);
    expect(answer.status).toBe('0');
    expect(answer.body.readUInt32BE(1)).toBe(answer.body.length - 5);
    const response = fromBinary(GetOrganizationResponseSchema, answer.body.subarray(5));
    expect(response.organization?.displayName).toBe('Framed');
  });

  it('accepts a gzip-compressed message', async () => {
    const answer = await call(server.url, path, frame(gzipSync(request(orgId)), true), {
      ...auth,
      'grpc-encoding': 'gzip',
    });
    expect(answer.status).toBe('0');
  });

  it('refuses a compressed message without an encoding, and broken framing, as INVALID_ARGUMENT', async () => {
    expect((await call(server.url, path, frame(request(orgId), true), auth)).status).toBe('3');
    const truncated = frame(request(orgId)).subarray(0, 8);
    expect((await call(server.url, path, truncated, auth)).status).toBe('3');
    const twoMessages = Buffer.concat([frame(request(orgId)), frame(request(orgId))]);
    expect((await call(server.url, path, twoMessages, auth)).status).toBe('3');
  });

  it('puts the stable error code in grpc-status-details-bin and percent-encodes the message', async () => {
    const answer = await call(server.url, path, frame(request('org_nope ü')), auth);
    expect(answer.status).toBe('5');
    expect(decodeURIComponent(answer.message ?? '')).toBe('organization org_nope ü not found');
    const details = Buffer.from(answer.details ?? '', 'base64').toString('latin1');
    expect(details).toContain('type.googleapis.com/scalekit.v1.errdetails.ErrorInfo');
    expect(details).toContain('NOT_FOUND');
  });

  it('refuses a call without a token as UNAUTHENTICATED, and an unknown method as UNIMPLEMENTED', async () => {
    expect((await call(server.url, path, frame(request(orgId)), {})).status).toBe('16');
    expect(
      (await call(server.url, '/scalekit.v1.nothing.Service/Method', frame(new Uint8Array()), auth)).status,
    ).toBe('12');
  });
});
