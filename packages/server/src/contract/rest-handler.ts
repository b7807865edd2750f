// Serves the contract as REST JSON under /api/v1: route → limits → caller (token or sign-in
// cookie, auth/call-access.ts) → body → message → service → proto-named JSON. Every failure leaves
// as the contract's error body.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { limitIp } from '../auth/authenticate.ts';
import type { CallAccess } from '../auth/call-access.ts';
import { clientIp } from '../http/client-ip.ts';
import { readBody } from '../http/request-body.ts';
import { type AnyRequest, type AnyResponse, sendError, sendJson } from '../http/respond.ts';
import { ApiError, toApiError, unimplemented } from './api-error.ts';
import { MAX_BODY_BYTES, parseJsonBody } from './json-body.ts';
import type { RestRouter } from './rest-routes.ts';
import { buildRequestMessage, responseToJson } from './rest-transcode.ts';

export function createRestHandler(ctx: AppContext, router: RestRouter, access: CallAccess) {
  return async function handleRest(
    req: AnyRequest,
    res: AnyResponse,
    path: string,
    search: string,
  ): Promise<void> {
    try {
      const match = router.match(req.method ?? 'GET', path);
      if (!match) throw new ApiError('ROUTE_NOT_FOUND', `no route for ${req.method} ${path}`);
      const ip = clientIp(req, ctx.config.trustProxy);
      limitIp(ctx, ip);
      const requestId = (res.getHeader('x-request-id') as string | undefined) ?? randomUUID();
      const call = await access(match.route.entry, { req, res, protocol: 'rest' }, { requestId, ip });
      // An unbuilt method says so whatever the input; decoding it first would suggest otherwise.
      if (!match.route.entry.implemented) throw unimplemented(match.route.entry.path.slice(1));
      const hasBody = match.route.binding.body !== '';
      const body = hasBody ? parseJsonBody(await readBody(req, MAX_BODY_BYTES)) : undefined;
      const message = buildRequestMessage(match, body, new URLSearchParams(search));
      const result = await match.route.entry.handler(message, call);
      sendJson(res, 200, responseToJson(match.route.entry.method.output, result));
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.errorCode === 'INTERNAL') ctx.logger.error({ err: error, path }, 'request failed');
      sendError(res, apiError);
    }
  };
}
