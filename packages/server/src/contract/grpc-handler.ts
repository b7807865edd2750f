// Serves the contract over gRPC (HTTP/2), gRPC-web and Connect through connect-node, from the same
// method table as REST. Errors carry the contract's ErrorInfo detail with the stable error code.
import {
  Code,
  ConnectError,
  createContextKey,
  createContextValues,
  type ConnectRouter,
} from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { ErrorInfoSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js';
import type { AppContext } from '../app-context.ts';
import { limitIp } from '../auth/authenticate.ts';
import type { CallAccess } from '../auth/call-access.ts';
import { clientIp } from '../http/client-ip.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import { toApiError } from './api-error.ts';
import { MAX_BODY_BYTES } from './json-body.ts';
import type { MethodEntry } from './service-registry.ts';

const kIp = createContextKey<string>('unknown');
const kRequestId = createContextKey<string>('');
const kRequest = createContextKey<AnyRequest | undefined>(undefined);

export function toConnectError(error: unknown): ConnectError {
  const apiError = toApiError(error);
  const metadata: Record<string, string> = {};
  if (apiError.retryAfterSeconds !== undefined) metadata['retry-after'] = String(apiError.retryAfterSeconds);
  return new ConnectError(apiError.message, apiError.grpcCode as Code, metadata, [
    { desc: ErrorInfoSchema, value: { errorCode: apiError.errorCode } },
  ]);
}

export function createGrpcHandler(ctx: AppContext, entries: MethodEntry[], access: CallAccess) {
  // connect-node hands handlers the request's headers only; AuthService's browser calls need the
  // request and response themselves (cookies in, Set-Cookie out), so each request keeps its own.
  const responses = new WeakMap<AnyRequest, AnyResponse>();
  const routes = (router: ConnectRouter) => {
    const byService = new Map<string, MethodEntry[]>();
    for (const entry of entries) {
      const list = byService.get(entry.service.typeName) ?? [];
      list.push(entry);
      byService.set(entry.service.typeName, list);
    }
    for (const list of byService.values()) {
      const service = list[0]!.service;
      const impl: Record<
        string,
        (req: unknown, hctx: { requestHeader: Headers; values: any }) => Promise<unknown>
      > = {};
      for (const entry of list) {
        impl[entry.method.localName] = async (request, hctx) => {
          try {
            const ip = hctx.values.get(kIp) as string;
            limitIp(ctx, ip);
            const req = hctx.values.get(kRequest) as AnyRequest;
            const res = responses.get(req) as AnyResponse;
            const requestId = hctx.values.get(kRequestId) as string;
            const call = await access(entry, { req, res, protocol: 'rpc' }, { requestId, ip });
            return await entry.handler(request, call);
          } catch (error) {
            if (toApiError(error).errorCode === 'INTERNAL')
              ctx.logger.error({ err: error, method: entry.path }, 'call failed');
            throw toConnectError(error);
          }
        };
      }
      // `any`: connect's ServiceImpl type is keyed per descriptor; our table is built generically.
      router.service(service, impl as any);
    }
  };
  const adapter = connectNodeAdapter({
    routes,
    readMaxBytes: MAX_BODY_BYTES,
    contextValues: (req) =>
      createContextValues()
        .set(kIp, clientIp(req, ctx.config.trustProxy))
        .set(kRequestId, String(req.headers['x-request-id'] ?? ''))
        .set(kRequest, req),
  });
  return (req: AnyRequest, res: AnyResponse) => {
    responses.set(req, res);
    return adapter(req, res);
  };
}
