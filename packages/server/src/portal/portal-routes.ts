// The admin portal's routes, all under /portal: the link entrance, then pages that each need a live
// portal session. Every POST is a strict urlencoded form carrying a CSRF token bound to the session;
// every connection id in a URL is looked up inside the session's organization only.
import type { AppContext } from '../app-context.ts';
import { ApiError } from '../contract/api-error.ts';
import { FormBodyError, readFormBody } from '../hosted/form-body.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import { findById } from '../organizations/organization-store.ts';
import { openPortalLink, portalHome, sendPortalMessage, sessionEnded } from './portal-entrance.ts';
import { PORTAL_LINK_PATH } from './portal-link-service.ts';
import { PortalPage } from './portal-page.ts';
import { clearedSessionCookie, endPortalSession, readPortalSession } from './portal-session.ts';
import { portalMessage } from './pages/portal-message.ts';
import { createConnection, isConnectionAction, postConnectionAction } from './portal-sso-actions.ts';
import { showConnection, showDeleteConfirm, showNewConnection, showOverview } from './portal-sso-pages.ts';

const CONNECTION = /^\/portal\/sso\/(conn_[0-9a-z]{1,64})(?:\/([a-z_]+))?$/;

type Fields = Record<string, string>;

export function createPortalRoutes(ctx: AppContext) {
  return {
    handles(path: string): boolean {
      return path === '/portal' || path.startsWith('/portal/');
    },

    async serve(req: AnyRequest, res: AnyResponse, path: string, search: string): Promise<void> {
      if (path.startsWith(PORTAL_LINK_PATH)) {
        if (req.method !== 'GET') return methodNotAllowed(res);
        return openPortalLink(ctx, res, path.slice(PORTAL_LINK_PATH.length));
      }
      if (req.method !== 'GET' && req.method !== 'POST') return methodNotAllowed(res);
      const session = await readPortalSession(ctx, req);
      const org = session ? await findById(ctx.db, session.organizationId) : undefined;
      if (!session || !org) return sessionEnded(ctx, res);
      const page = new PortalPage(ctx, req, res, session, org.display_name);
      let fields: Fields | undefined;
      if (req.method === 'POST') {
        fields = await checkedForm(page);
        if (!fields) return;
      }
      try {
        await route(page, path, search, fields);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        refused(page, error);
      }
    },
  };
}

/** The form's fields, or undefined once a refusal page has been sent. */
async function checkedForm(page: PortalPage): Promise<Fields | undefined> {
  let fields: Fields;
  try {
    fields = await readFormBody(page.req);
  } catch (error) {
    if (!(error instanceof FormBodyError)) throw error;
    message(page, error.status, 'Request refused', error.message);
    return undefined;
  }
  if (!page.csrfOk(fields)) {
    message(
      page,
      403,
      'Form expired',
      'This form has expired or was not sent from this portal. Reload the page and try again.',
    );
    return undefined;
  }
  // Our forms never name an organization: one that does may only name the session's own.
  if (fields.organization_id !== undefined && fields.organization_id !== page.organizationId) {
    refused(page, new ApiError('NOT_FOUND', `organization ${fields.organization_id.slice(0, 40)} not found`));
    return undefined;
  }
  return fields;
}

async function route(
  page: PortalPage,
  path: string,
  search: string,
  fields: Fields | undefined,
): Promise<void> {
  const get = fields === undefined;
  if (path === '/portal' && get) {
    const home = portalHome(page.session.features);
    if (home !== '/portal') return page.redirect(home);
    return message(
      page,
      200,
      'Admin portal',
      'This admin portal link opens no section that this version of Gatehouse offers.',
    );
  }
  if (path === '/portal/logout' && fields) {
    await endPortalSession(page.ctx, page.session);
    return message(page, 200, 'Signed out', 'You have left the admin portal.', {
      'set-cookie': clearedSessionCookie(page.ctx),
    });
  }
  if (path === '/portal/sso' || path.startsWith('/portal/sso/')) {
    if (!page.session.features.includes('sso')) {
      return message(
        page,
        404,
        'Not available',
        'Single sign-on settings are not part of this admin portal link.',
      );
    }
    if (path === '/portal/sso' && get) return showOverview(page, search);
    if (path === '/portal/sso/new') return fields ? createConnection(page, fields) : showNewConnection(page);
    const match = CONNECTION.exec(path);
    const id = match?.[1];
    const action = match?.[2];
    if (id && action === undefined && get) return showConnection(page, id, search);
    if (id && action === 'delete' && get) return showDeleteConfirm(page, id);
    if (id && action && fields && isConnectionAction(action))
      return postConnectionAction(page, id, action, fields);
  }
  message(page, 404, 'Page not found', 'There is no such page in the admin portal.');
}

function message(
  page: PortalPage,
  status: number,
  title: string,
  text: string,
  extra: Record<string, string> = {},
): void {
  // After leaving, the page offers nothing that needs the session.
  const session = extra['set-cookie'] === undefined ? { csrf: page.base.csrf } : {};
  const { nonce, organizationName } = page.base;
  page.render(status, portalMessage({ nonce, organizationName, title, message: text, ...session }), extra);
}

function refused(page: PortalPage, error: ApiError): void {
  const notFound = error.errorCode === 'NOT_FOUND';
  page.render(
    error.httpStatus,
    portalMessage({
      nonce: page.base.nonce,
      organizationName: page.base.organizationName,
      csrf: page.base.csrf,
      title: notFound ? 'Not found' : 'Request refused',
      message: notFound ? 'There is no such connection in your organization.' : error.message,
      link: { href: '/portal/sso', text: 'Back to single sign-on' },
    }),
  );
}

function methodNotAllowed(res: AnyResponse): void {
  sendPortalMessage(
    res,
    405,
    { title: 'Not allowed', message: 'Use the portal’s pages and forms.' },
    { allow: 'GET, POST' },
  );
}
