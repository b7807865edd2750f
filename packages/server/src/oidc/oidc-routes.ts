// Mounts the OpenID provider on the platform's one listener: which paths it answers, the request
// rewrites Gatehouse needs in front of it, and its events into Gatehouse sessions.
import type { AppContext } from '../app-context.ts';
import { OAuthError, readParams } from '../auth/oauth-request.ts';
import { type AnyRequest, type AnyResponse, sendJson } from '../http/respond.ts';
import { revokeSessionArtifacts } from './artifact-adapter.ts';
import { applicationLookup } from './client-adapter.ts';
import { continueWithClient } from './client-auth.ts';
import { markOfflineRequest } from './offline-request.ts';
import { OAUTH_METADATA_PATH, OIDC_ROUTES, PROVIDER_PATHS } from './oidc-paths.ts';
import { createProvider } from './provider.ts';
import { SessionLink } from './session-link.ts';
import { createUserinfo } from './userinfo.ts';
import { introspectUserToken } from './jwt-introspection.ts';

export type OidcRoutes = ReturnType<typeof createOidcRoutes>;

/** Where the provider resumes an authorization after the hosted login: /oauth/authorize/:uid. */
const RESUME_PREFIX = `${OIDC_ROUTES.authorization}/`;

export function createOidcRoutes(ctx: AppContext) {
  const sessions = new SessionLink(ctx);
  const applications = applicationLookup(ctx);
  const provider = createProvider(ctx, sessions, applications);
  const callback = provider.callback() as (req: AnyRequest, res: AnyResponse) => Promise<void>;
  const userinfo = createUserinfo(ctx, sessions);
  // A logout ends the Gatehouse session before the browser is redirected: the event handler starts
  // the write and this middleware, which runs before Koa responds, waits for it.
  provider.on('end_session.success', (oidcCtx) => {
    const uid = oidcCtx.oidc.session?.uid;
    // "Stay signed in" ends only the application's grant; the Gatehouse session goes on.
    if (!uid || !oidcCtx.oidc.params?.logout) return;
    oidcCtx.state.sessionEnded = ctx.sessions.markLoggedOut(uid).then((ended) => {
      if (ended) sessions.forget(ended.id);
    });
  });
  provider.use(async (koaCtx, next) => {
    await next();
    if (koaCtx.state.sessionEnded) await koaCtx.state.sessionEnded;
  });
  ctx.sessions.setRevocationHook(async (uids, records) => {
    for (const record of records) sessions.forget(record.id);
    await revokeSessionArtifacts(
      ctx.db,
      records.map((r) => r.id),
      uids,
    );
  });
  provider.on('server_error', (_oidcCtx, err) => ctx.logger.error({ err }, 'OpenID provider error'));

  return {
    provider,
    sessions,
    /** Applications through the provider's short cache. */
    applications,
    handles(path: string): boolean {
      return (
        PROVIDER_PATHS.has(path) ||
        path.startsWith(RESUME_PREFIX) ||
        path === OAUTH_METADATA_PATH ||
        path === OIDC_ROUTES.userinfo
      );
    },

    async serve(req: AnyRequest, res: AnyResponse, path: string, search: string): Promise<void> {
      if (path === OIDC_ROUTES.userinfo) return userinfo(req, res);
      if (path === OAUTH_METADATA_PATH)
        req.url = `/.well-known/openid-configuration${search ? `?${search}` : ''}`;
      if (path === OIDC_ROUTES.authorization) req.url = `${path}?${markOfflineRequest(search)}`;
      if ((path === OIDC_ROUTES.revocation || path === OIDC_ROUTES.introspection) && req.method === 'POST') {
        return oauthErrors(ctx, res, async () => {
          const params = await readParams(req);
          if (
            path === OIDC_ROUTES.introspection &&
            (await introspectUserToken(ctx, sessions, req, res, params))
          )
            return;
          await continueWithClient(ctx, callback, req, res, params);
        });
      }
      return callback(req, res);
    },

    /** Token requests other than client credentials (auth/token-endpoint.ts routes them here). */
    otherGrants(req: AnyRequest, res: AnyResponse, params: URLSearchParams): Promise<void> {
      return continueWithClient(ctx, callback, req, res, params);
    },
  };
}

async function oauthErrors(ctx: AppContext, res: AnyResponse, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const headers = { 'cache-control': 'no-store', ...error.headers };
    sendJson(res, error.status, { error: error.error, error_description: error.message }, headers);
    ctx.logger.debug({ error: error.error }, 'OAuth request refused');
  }
}
