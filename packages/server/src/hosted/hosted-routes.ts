// The hosted login's routes: /interaction/:uid[/step] for each step of an OpenID interaction, and
// the stand-alone password reset page. Every POST carries a CSRF token bound to its interaction.
import type { AppContext } from '../app-context.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import type { OidcRoutes } from '../oidc/oidc-routes.ts';
import { FormBodyError, readFormBody } from './form-body.ts';
import { answerGoneInteraction } from './interaction-gone.ts';
import { InteractionPage } from './interaction-page.ts';
import { RESET_PATH, resetPage } from './reset-page.ts';
import { interactionExpired, showInteraction } from './interaction-start.ts';
import { postEmail, postForgot, postPassword, showForgot, showSignUp } from './steps-sign-in.ts';
import { postSignUp } from './steps-sign-up.ts';
import {
  openMagicLink,
  resendPasswordless,
  sendPasswordless,
  showOtp,
  verifyCode,
} from './steps-passwordless.ts';
import {
  chooseOrganization,
  createOrganization,
  showCreateOrganization,
  showOrganizations,
} from './steps-organization.ts';
import { messagePage } from './ui/index.ts';
import { finishSso } from '../sso/sso-finish.ts';

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/([a-z/]+))?$/;

type Get = (page: InteractionPage, search: string) => Promise<void> | void;
type Post = (page: InteractionPage, fields: Record<string, string>) => Promise<void> | void;

const GETS: Record<string, Get> = {
  '': (page) => showInteraction(page),
  signup: (page) => showSignUp(page),
  forgot: (page) => showForgot(page),
  code: (page) => showOtp(page, page.pending().email ?? ''),
  magic: (page, search) => openMagicLink(page, search),
  organization: (page) => showOrganizations(page),
  'organization/new': (page) => showCreateOrganization(page),
  sso: (page, search) => finishSso(page, search),
};

const POSTS: Record<string, Post> = {
  email: postEmail,
  password: postPassword,
  signup: postSignUp,
  forgot: postForgot,
  otp: (page) => sendPasswordless(page, 'otp'),
  link: (page) => sendPasswordless(page, 'link'),
  resend: (page) => resendPasswordless(page),
  verify: verifyCode,
  organization: chooseOrganization,
  'organization/new': createOrganization,
  abort: (page) =>
    page.finish({ error: 'access_denied', error_description: 'the person cancelled the sign-in' }),
};

export function createHostedRoutes(ctx: AppContext, oidc: OidcRoutes) {
  return {
    handles(path: string): boolean {
      return path.startsWith('/interaction/') || path === RESET_PATH;
    },

    async serve(req: AnyRequest, res: AnyResponse, path: string, search: string): Promise<void> {
      if (path === RESET_PATH) return resetPage(ctx, req, res, search);
      const match = INTERACTION.exec(path);
      const step = match?.[2] ?? '';
      const handler = req.method === 'GET' ? GETS[step] : req.method === 'POST' ? POSTS[step] : undefined;
      if (!match || !handler) return notFound(ctx, res);
      let page: InteractionPage;
      try {
        page = await InteractionPage.open(ctx, oidc.provider, oidc.sessions, oidc.applications, req, res);
      } catch (error) {
        return answerGoneInteraction(ctx, res, error, path);
      }
      if (page.uid !== match[1]) return interactionExpired(ctx, res);
      // The interaction can also go while a step runs (remember / finish): interaction-gone.ts.
      try {
        return await runStep(page, req, handler, search);
      } catch (error) {
        return answerGoneInteraction(ctx, res, error, path);
      }
    },
  };
}

/** A step on an open interaction: a GET as is, a POST once its form body and CSRF token are read. */
async function runStep(
  page: InteractionPage,
  req: AnyRequest,
  handler: Get | Post,
  search: string,
): Promise<void> {
  if (req.method === 'GET') return (handler as Get)(page, search);
  let fields: Record<string, string>;
  try {
    fields = await readFormBody(req);
  } catch (error) {
    if (!(error instanceof FormBodyError)) throw error;
    return page.render(
      error.status,
      messagePage({ ...page.base, title: 'Request refused', message: error.message }),
    );
  }
  if (!page.csrfOk(fields)) {
    return page.render(
      403,
      messagePage({
        ...page.base,
        title: 'Form expired',
        message: 'This form has expired. Go back and try again.',
        link: { href: page.step(), text: 'Start again' },
      }),
    );
  }
  return (handler as Post)(page, fields);
}

function notFound(ctx: AppContext, res: AnyResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`Not found. Sign in through ${ctx.config.appName}'s application.`);
}
