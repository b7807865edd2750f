// Builds the context a method's handler is called with, from the request, by the method's access
// (contract/service-registry.ts): the API client of a management token, the person of a user access
// token, or the browser of a sign-in (cookies, with the cross-site checks). Shared by REST, Connect
// and gRPC so every protocol applies exactly the same rules; no method accepts another kind.
import type { AppContext } from '../app-context.ts';
import type { AnyCallContext, MethodEntry } from '../contract/service-registry.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import type { OidcRoutes } from '../oidc/oidc-routes.ts';
import { browserSignIn } from '../signin/browser-sign-in.ts';
import { refuseCrossSite } from '../signin/cross-site.ts';
import { issueSignInCookies } from '../signin/signin-cookie.ts';
import { authenticate } from './authenticate.ts';
import { authenticatePerson } from './person-token.ts';

export interface Exchange {
  req: AnyRequest;
  res: AnyResponse;
  /** REST (JSON by route) or the RPC protocols (gRPC, Connect, gRPC-web). */
  protocol: 'rest' | 'rpc';
}

export interface CallBase {
  requestId: string;
  ip: string;
}

export type CallAccess = (entry: MethodEntry, exchange: Exchange, base: CallBase) => Promise<AnyCallContext>;

export function createCallAccess(
  ctx: AppContext,
  oidc: Pick<OidcRoutes, 'provider' | 'sessions'>,
): CallAccess {
  issueSignInCookies(oidc.provider);
  const publicOrigin = new URL(ctx.config.publicUrl).origin;
  return async (entry, { req, res, protocol }, base) => {
    const authorization = req.headers.authorization;
    switch (entry.access) {
      case 'management':
        return { ...base, principal: await authenticate(ctx, authorization) };
      case 'person':
        return { ...base, person: await authenticatePerson(ctx, oidc.sessions, authorization) };
      case 'sign-in':
        refuseCrossSite(publicOrigin, req, protocol);
        return { ...base, signIn: browserSignIn(ctx, oidc, req, res, base.ip) };
    }
  };
}
