// After a person has proven who they are: pick the organization of this login (the one asked for,
// the only one, or the person's choice), start the Gatehouse session, and hand the result back to
// the OpenID provider, which redirects to the application with a code.
import type { InteractionResults } from 'oidc-provider';
import { signInOrganizations } from '../oidc/member-access.ts';
import { linkSessionConnection } from '../sso/user-identities.ts';
import { isInteractionGone } from './interaction-gone.ts';
import type { InteractionPage } from './interaction-page.ts';
import { recordLogin } from './login-events.ts';
import { letGoOfEarlierPerson } from './person-switch.ts';
import type { SignInFlow } from './sign-in-flow.ts';
import { messagePage } from './ui/index.ts';

/** RFC 8176 method references for the ways the hosted login signs people in. */
const AMR: Record<string, string> = { password: 'pwd', otp: 'otp', magic_link: 'email', sso: 'fed' };

/** Why a session started by a sign-in whose interaction was gone by the finish was revoked. */
export const SIGN_IN_EXPIRED = 'the sign-in expired before it could finish';

export async function completeLogin(
  page: InteractionPage,
  userId: string,
  authMethod: string,
): Promise<void> {
  const next = await continueProven(page, userId, authMethod);
  if (next === 'no_access') return showNoAccess(page);
  if (next !== 'finished') page.redirect(page.step(next === 'create' ? 'organization/new' : 'organization'));
}

/**
 * What follows proof of identity: `finished` (the session started in the organization asked for,
 * or the only one), `no_access` (the application asked for an organization the person is not in),
 * or the person must `choose` among theirs or `create` their first (remembered in the interaction).
 */
export type AfterProof = 'finished' | 'no_access' | 'choose' | 'create';

export async function continueProven(
  flow: SignInFlow,
  userId: string,
  authMethod: string,
): Promise<AfterProof> {
  const organizations = await signInOrganizations(flow.ctx, userId);
  const wanted = flow.interaction.params.organization_id;
  const choose =
    flow.interaction.prompt.name === 'select_account' &&
    flow.interaction.prompt.reasons.includes('select_account_requested');
  let organizationId: string | undefined;
  if (typeof wanted === 'string' && wanted !== '') {
    if (!organizations.some((o) => o.id === wanted)) return 'no_access';
    organizationId = wanted;
  } else if (organizations.length === 1 && !choose) {
    organizationId = organizations[0]?.id;
  }
  if (organizationId) {
    await startSession(flow, userId, authMethod, organizationId);
    return 'finished';
  }
  await flow.remember({ userId, authMethod });
  return organizations.length === 0 ? 'create' : 'choose';
}

/** The application asked for an organization the person is not a member of. */
export function showNoAccess(page: InteractionPage): void {
  page.render(
    403,
    messagePage({
      ...page.base,
      title: 'No access to this organization',
      message:
        'You are not a member of the organization this application asked for. Ask an administrator of that organization to invite you.',
    }),
  );
}

export async function startSession(
  page: SignInFlow,
  userId: string,
  authMethod: string,
  organizationId: string,
  /** The SSO connection the person signed in through, recorded in the login events. */
  connectionId?: string,
): Promise<void> {
  const { ctx } = page;
  const signedUp = page.pending().signedUpUserId === userId;
  const session = await ctx.sessions.start(
    { userId, organizationId, authMethod, ip: page.ip, userAgent: page.userAgent },
    undefined,
    async (trx, started) => {
      // The session's ID tokens name the identity it was signed in with (sso/user-identities.ts).
      if (connectionId) await linkSessionConnection(trx, started.id, connectionId);
      await recordLogin(trx, ctx.environmentId, {
        userId,
        organizationId,
        authMethod,
        sessionId: started.id,
        at: started.createdAt,
        signedUp,
        connectionId,
      });
    },
  );
  const result = {
    login: { accountId: userId, amr: [AMR[authMethod] ?? authMethod], remember: true },
    select_account: { organizationId },
    gatehouse: { sessionId: session.id },
  } as InteractionResults;
  // Someone else still signed in in this browser is let go first (person-switch.ts says why).
  await letGoOfEarlierPerson(page, userId);
  try {
    await page.finish(result);
  } catch (error) {
    // The interaction went away in the meantime (interaction-gone.ts): nothing will carry this
    // session to the application, so it ends now rather than stay live and out of reach.
    if (isInteractionGone(error)) await ctx.sessions.revoke(session.id, SIGN_IN_EXPIRED);
    throw error;
  }
}

/** A person already signed in (select_account, or another organization asked for) switches organization. */
export async function switchOrganization(page: SignInFlow, organizationId: string): Promise<boolean> {
  const uid = page.interaction.session?.uid;
  const record = uid ? await page.ctx.sessions.findByOidcUid(uid) : undefined;
  if (!record) return false;
  const moved = await page.ctx.sessions.setOrganization(record.id, organizationId);
  if (!moved) return false;
  // The provider remembers sessions for a moment; the resumed authorization and the code exchange
  // that follow must see the new organization, not the one remembered from the request before.
  page.sessions.forget(record.id);
  await page.finish({ select_account: { organizationId } } as InteractionResults);
  return true;
}
