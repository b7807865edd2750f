// A direct gRPC unary handler on node:http2 for the calls the official SDKs make. connect-node's
// generic machinery cost 4–6× a REST call per request (docs/benchmarks.md); unary gRPC is simple
// enough to serve by hand: one length-prefixed message in, one out, status in the trailers.
// Connect, gRPC-web and anything unusual still go through connect-node (grpc-handler.ts).
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { ErrorInfoSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js';
import { gunzipSync } from 'node:zlib';
import type http2 from 'node:http2';
import type { AppContext } from '../app-context.ts';
import { limitIp } from '../auth/authenticate.ts';
import type { CallAccess } from '../auth/call-access.ts';
import { clientIp } from '../http/client-ip.ts';
import { readBody } from '../http/request-body.ts';
import { ApiError, invalidArgument, toApiError, unimplemented } from './api-error.ts';
import { MAX_BODY_BYTES } from './json-body.ts';
import type { MethodEntry } from './service-registry.ts';

const FRAME_HEADER = 5;

/** True for requests this path serves: HTTP/2, plain gRPC with protobuf, no compression but gzip. */
export function isPlainGrpc(req: { httpVersionMajor: number; headers: Record<string, unknown> }): boolean {
  if (req.httpVersionMajor !== 2) return false;
  const type = req.headers['content-type'];
  if (type !== 'application/grpc' && type !== 'application/grpc+proto') return false;
  const encoding = req.headers['grpc-encoding'];
  return encoding === undefined || encoding === 'identity' || encoding === 'gzip';
}

export function createGrpcFastPath(ctx: AppContext, entries: MethodEntry[], access: CallAccess) {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  return async function serveGrpc(
    req: http2.Http2ServerRequest,
    res: http2.Http2ServerResponse,
  ): Promise<void> {
    const entry = byPath.get(req.url ?? '');
    try {
      if (!entry) throw unimplemented((req.url ?? '').slice(1));
      if (entry.method.methodKind !== 'unary') throw unimplemented(entry.path.slice(1));
      const ip = clientIp(req, ctx.config.trustProxy);
      limitIp(ctx, ip);
      const requestId = String(res.getHeader('x-request-id') ?? '');
      const call = await access(entry, { req, res, protocol: 'rpc' }, { requestId, ip });
      if (!entry.implemented) throw unimplemented(entry.path.slice(1));
      const payload = unframe(
        await readBody(req, MAX_BODY_BYTES + FRAME_HEADER),
        req.headers['grpc-encoding'],
      );
      let request: unknown;
      try {
        request = fromBinary(entry.method.input, payload);
      } catch (error) {
        throw invalidArgument(
          `request is not a valid ${entry.method.input.name}: ${(error as Error).message}`,
        );
      }
      const init = await entry.handler(request, call);
      const bytes = toBinary(entry.method.output, create(entry.method.output, init as never));
      res.writeHead(200, { 'content-type': 'application/grpc+proto' });
      res.addTrailers({ 'grpc-status': '0' });
      res.end(frame(bytes));
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.errorCode === 'INTERNAL')
        ctx.logger.error({ err: error, method: entry?.path }, 'call failed');
      sendStatus(res, apiError);
    }
  };
}

/** The one message of a unary request, inflated when the client compressed it. */
function unframe(body: Buffer, encoding: string | string[] | undefined): Uint8Array {
  if (body.length < FRAME_HEADER) throw invalidArgument('gRPC request has no message');
  const compressed = body[0] === 1;
  const length = body.readUInt32BE(1);
  if (body.length !== FRAME_HEADER + length)
    throw invalidArgument('gRPC request must hold exactly one message');
  const message = body.subarray(FRAME_HEADER);
  if (!compressed) return message;
  if (encoding !== 'gzip') throw invalidArgument('compressed message without a supported grpc-encoding');
  try {
    return gunzipSync(message, { maxOutputLength: MAX_BODY_BYTES });
  } catch {
    throw invalidArgument('gzip-compressed message is corrupt or larger than 1 MB');
  }
}

function frame(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + bytes.length);
  out[0] = 0;
  out.writeUInt32BE(bytes.length, 1);
  out.set(bytes, FRAME_HEADER);
  return out;
}

/** A trailers-only error response: status, percent-encoded message and a google.rpc.Status with ErrorInfo. */
function sendStatus(res: http2.Http2ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.stream.close();
    return;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/grpc+proto',
    'grpc-status': String(error.grpcCode),
    'grpc-message': encodeURIComponent(error.message),
    'grpc-status-details-bin': statusDetails(error).toString('base64').replace(/=+$/, ''),
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  res.writeHead(200, headers);
  res.end();
}

// google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
// google.protobuf.Any { string type_url = 1; bytes value = 2; } — encoded by hand: two tiny messages.
function statusDetails(error: ApiError): Buffer {
  const info = toBinary(ErrorInfoSchema, create(ErrorInfoSchema, { errorCode: error.errorCode }));
  const any = new BinaryWriter()
    .tag(1, WireType.LengthDelimited)
    .string(`type.googleapis.com/${ErrorInfoSchema.typeName}`)
    .tag(2, WireType.LengthDelimited)
    .bytes(info)
    .finish();
  const status = new BinaryWriter()
    .tag(1, WireType.Varint)
    .int32(error.grpcCode)
    .tag(2, WireType.LengthDelimited)
    .string(error.message)
    .tag(3, WireType.LengthDelimited)
    .bytes(any)
    .finish();
  return Buffer.from(status);
}
