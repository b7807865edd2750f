// The webhook management API over REST, under /api/v1/webhooks/. The contract has no webhook
// service, so these routes are ours, in the contract's style: bearer token, the same rate limits,
// proto-style snake_case JSON and the contract's error body.
import type { AppContext } from '../app-context.ts';
import { authenticate, limitIp } from '../auth/authenticate.ts';
import { ApiError, toApiError } from '../contract/api-error.ts';
import { MAX_BODY_BYTES, parseJsonBody } from '../contract/json-body.ts';
import { clientIp } from '../http/client-ip.ts';
import { readBody } from '../http/request-body.ts';
import { type AnyRequest, type AnyResponse, sendError, sendJson } from '../http/respond.ts';
import { listAttempts, retryDelivery } from './delivery-log.ts';
import { parseCreate, parseUpdate } from './endpoint-input.ts';
import { listEndpointPage } from './endpoint-list.ts';
import * as endpoints from './endpoint-service.ts';
import { EVENT_TYPES } from './event-types.ts';

export const WEBHOOKS_PATH = '/api/v1/webhooks/';

interface Reply {
  status: number;
  body: unknown;
}

type Route = (ctx: AppContext, req: AnyRequest, id: string, query: URLSearchParams) => Promise<Reply>;

const ok = (body: unknown): Reply => ({ status: 200, body });
const ID = '([a-z]{3}_[0-9a-z]{26})';

async function jsonBody(req: AnyRequest): Promise<unknown> {
  return parseJsonBody(await readBody(req, MAX_BODY_BYTES));
}

const ROUTES: [string, RegExp, Route][] = [
  ['GET', /^event-types$/, async () => ok({ event_types: EVENT_TYPES })],
  [
    'POST',
    /^endpoints$/,
    async (ctx, req) => {
      const created = await endpoints.createEndpoint(
        ctx,
        parseCreate(await jsonBody(req), ctx.config.webhookAllowPrivate),
      );
      return { status: 201, body: { endpoint: endpoints.endpointJson(created.row, created.secret) } };
    },
  ],
  ['GET', /^endpoints$/, async (ctx, _req, _id, query) => ok(await listEndpointPage(ctx, query))],
  [
    'GET',
    new RegExp(`^endpoints/${ID}$`),
    async (ctx, _req, id) => ok({ endpoint: endpoints.endpointJson(await endpoints.getEndpoint(ctx, id)) }),
  ],
  [
    'PATCH',
    new RegExp(`^endpoints/${ID}$`),
    async (ctx, req, id) => {
      const input = parseUpdate(await jsonBody(req), ctx.config.webhookAllowPrivate);
      return ok({ endpoint: endpoints.endpointJson(await endpoints.updateEndpoint(ctx, id, input)) });
    },
  ],
  [
    'DELETE',
    new RegExp(`^endpoints/${ID}$`),
    async (ctx, _req, id) => {
      await endpoints.deleteEndpoint(ctx, id);
      return ok({});
    },
  ],
  [
    'POST',
    new RegExp(`^endpoints/${ID}/secret:rotate$`),
    async (ctx, _req, id) => {
      const rotated = await endpoints.rotateSecret(ctx, id);
      return ok({ endpoint: endpoints.endpointJson(rotated.row, rotated.secret) });
    },
  ],
  [
    'GET',
    new RegExp(`^endpoints/${ID}/deliveries$`),
    async (ctx, _req, id, query) => ok(await listAttempts(ctx, id, query)),
  ],
  ['POST', new RegExp(`^deliveries/${ID}:retry$`), async (ctx, _req, id) => ok(await retryDelivery(ctx, id))],
];

export function createWebhookRoutes(ctx: AppContext) {
  return async function handleWebhooks(req: AnyRequest, res: AnyResponse, path: string, search: string) {
    try {
      const rest = decodeURIComponent(path.slice(WEBHOOKS_PATH.length));
      const matches = ROUTES.map(([method, pattern, route]) => ({
        method,
        match: pattern.exec(rest),
        route,
      })).filter((r) => r.match);
      const found = matches.find((r) => r.method === req.method);
      if (!found) {
        throw matches.length > 0
          ? new ApiError('ROUTE_NOT_FOUND', `${req.method} is not allowed on ${path}`)
          : new ApiError('ROUTE_NOT_FOUND', `no route for ${req.method} ${path}`);
      }
      limitIp(ctx, clientIp(req, ctx.config.trustProxy));
      await authenticate(ctx, req.headers.authorization);
      const reply = await found.route(ctx, req, found.match?.[1] ?? '', new URLSearchParams(search));
      sendJson(res, reply.status, reply.body);
    } catch (error) {
      const apiError =
        error instanceof URIError ? new ApiError('ROUTE_NOT_FOUND', 'malformed path') : toApiError(error);
      if (apiError.errorCode === 'INTERNAL') ctx.logger.error({ err: error, path }, 'webhook request failed');
      sendError(res, apiError);
    }
  };
}
