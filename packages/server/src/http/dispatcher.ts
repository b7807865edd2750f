// The front door: request id, routing by path to the protocol that serves it, and one log line per
// request (path only — query strings and bodies can carry secrets).
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { ApiError } from '../contract/api-error.ts';
import { isSpMetadataPath, serveSpMetadata } from '../connections/sp-metadata.ts';
import { isSimulatorPath, serveSimulator } from '../sso/simulator/simulator-routes.ts';
import { isMailboxPath, mailboxPage } from '../mail/mailbox-routes.ts';
import { healthz, readyz } from '../ops/health.ts';
import { createPortalRoutes } from '../portal/portal-routes.ts';
import { openInvitation } from '../users/invite-page.ts';
import { INVITE_PATH } from '../users/invitations.ts';
import { createWebhookRoutes, WEBHOOKS_PATH } from '../webhooks/webhook-routes.ts';
import { isSamlAcsPath, serveSamlAcs } from '../sso/saml-acs.ts';
import { isSamlPostRequestPath, serveSamlPostRequest } from '../sso/saml-post-request-page.ts';
import { isOidcCallbackPath, serveOidcCallback } from '../sso/oidc-callback.ts';
import { type AnyRequest, type AnyResponse, sendError, sendHtml, sendJson } from './respond.ts';

export interface Handlers {
  rest(req: AnyRequest, res: AnyResponse, path: string, search: string): Promise<void>;
  grpc(req: AnyRequest, res: AnyResponse): void | Promise<void>;
  token(req: AnyRequest, res: AnyResponse): Promise<void>;
  /** The OpenID provider's endpoints (authorize, logout, revocation, introspection, discovery, userinfo). */
  oidc: { handles(path: string): boolean; serve: PathHandler };
  /** The hosted login pages. */
  hosted: { handles(path: string): boolean; serve: PathHandler };
}

type PathHandler = (req: AnyRequest, res: AnyResponse, path: string, search: string) => Promise<void>;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createDispatcher(ctx: AppContext, handlers: Handlers) {
  const log = ctx.logger;
  const webhooks = createWebhookRoutes(ctx);
  const portal = createPortalRoutes(ctx);
  return function dispatch(req: AnyRequest, res: AnyResponse): void {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const search = q < 0 ? '' : url.slice(q + 1);
    if (log.isLevelEnabled('info')) {
      res.once('finish', () => {
        log.info(
          {
            reqId: requestId,
            method: req.method,
            path,
            status: res.statusCode,
            ms: +(performance.now() - started).toFixed(2),
          },
          'request',
        );
      });
    }
    route(req, res, path, search).catch((error: unknown) => {
      log.error({ err: error, reqId: requestId }, 'unhandled request failure');
      if (!res.headersSent) sendError(res, new ApiError('INTERNAL', 'internal error'));
      else res.destroy();
    });
  };

  async function route(req: AnyRequest, res: AnyResponse, path: string, search: string): Promise<void> {
    // Our own webhook API (the contract has none), ahead of the contract's REST routes.
    if (path.startsWith(WEBHOOKS_PATH)) return webhooks(req, res, path, search);
    if (path.startsWith('/api/')) return handlers.rest(req, res, path, search);
    if (path.startsWith('/scalekit.v1.')) return handlers.grpc(req, res);
    if (handlers.oidc.handles(path)) return handlers.oidc.serve(req, res, path, search);
    if (handlers.hosted.handles(path)) return handlers.hosted.serve(req, res, path, search);
    switch (path) {
      case '/oauth/token':
        return handlers.token(req, res);
      case '/keys':
      case '/.well-known/jwks.json':
        return sendJson(res, 200, ctx.keys.jwks(), { 'cache-control': 'public, max-age=300' });
      case '/healthz': {
        const { status, body } = healthz();
        return sendJson(res, status, body);
      }
      case '/readyz': {
        const { status, body } = await readyz(ctx);
        return sendJson(res, status, body);
      }
      case '/':
        return sendJson(res, 200, {
          name: 'Gatehouse',
          issuer: ctx.config.publicUrl,
          api: `${ctx.config.publicUrl}/api/v1`,
        });
    }
    if (portal.handles(path)) return portal.serve(req, res, path, search);
    if (path.startsWith(INVITE_PATH) && (req.method === 'GET' || req.method === 'POST')) {
      const { status, html } = await openInvitation(ctx, path.slice(INVITE_PATH.length), req.method);
      return sendHtml(res, status, html);
    }
    if (isSpMetadataPath(req.method, path)) return serveSpMetadata(ctx, res, path);
    // GATEHOUSE_IDP_SIMULATOR=off: the simulator's paths are unknown, like any other.
    if (ctx.config.idpSimulator && isSimulatorPath(path)) return serveSimulator(ctx, req, res, path, search);
    if (isSamlAcsPath(req.method, path)) return serveSamlAcs(ctx, req, res, path);
    if (isSamlPostRequestPath(req.method, path)) return serveSamlPostRequest(ctx, res, path);
    if (isOidcCallbackPath(req.method, path)) return serveOidcCallback(ctx, req, res, path, search);
    // Only while the development mailbox is on; otherwise the path is unknown like any other.
    if (isMailboxPath(ctx, req.method, path)) {
      const { status, html } = await mailboxPage(ctx, path);
      return sendHtml(res, status, html);
    }
    // A few contract routes live outside /api (e.g. /.well-known/webauthn); the REST router
    // serves those, and answers ROUTE_NOT_FOUND for anything else.
    return handlers.rest(req, res, path, search);
  }
}
