// One admin-portal request: its session (and so its organization), the CSP nonce and the CSRF token
// bound to the session, and how to answer with a page or a redirect. Handlers get everything from
// here and never read an organization id from the request.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { csrfBinding, csrfToken, csrfValid } from '../hosted/csrf.ts';
import { hostedPageHeaders, newNonce } from '../hosted/security-headers.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import { portalConnections, type PortalConnections } from './portal-connections.ts';
import type { PortalBase } from './pages/portal-layout.ts';
import type { PortalSession } from './portal-session.ts';

export function portalCsrf(ctx: AppContext, session: PortalSession): string {
  return csrfToken(ctx.box.derive('csrf'), csrfBinding('portal', session.tokenHash));
}

export class PortalPage {
  readonly base: PortalBase;
  readonly connections: PortalConnections;

  constructor(
    readonly ctx: AppContext,
    readonly req: AnyRequest,
    readonly res: AnyResponse,
    readonly session: PortalSession,
    organizationName: string,
  ) {
    this.base = { nonce: newNonce(), organizationName, csrf: portalCsrf(ctx, session) };
    const requestId = String(res.getHeader('x-request-id') ?? randomUUID());
    this.connections = portalConnections(ctx, session.organizationId, requestId);
  }

  get organizationId(): string {
    return this.session.organizationId;
  }

  csrfOk(fields: Record<string, string>): boolean {
    return csrfValid(this.ctx.box.derive('csrf'), csrfBinding('portal', this.session.tokenHash), fields.csrf);
  }

  /** `formActionOrigins`: where a form on this page may end up after redirects (the IdP, for a test). */
  render(
    status: number,
    page: string,
    extra: Record<string, string> = {},
    formActionOrigins: string[] = [],
  ): void {
    this.res.writeHead(status, { ...hostedPageHeaders(this.base.nonce, { formActionOrigins }), ...extra });
    this.res.end(page);
  }

  redirect(location: string): void {
    this.res.writeHead(303, { location, 'cache-control': 'no-store' });
    this.res.end();
  }
}
