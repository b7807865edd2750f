// Choosing the organization of this login (a person in several, `prompt=select_account`, or an
// organization switch), and creating one for a person who has none yet (after sign-up).
import { ApiError } from '../contract/api-error.ts';
import { signInOrganizations } from '../oidc/member-access.ts';
import { createFounderOrganization } from '../organizations/founder-organization.ts';
import { showNoAccess, startSession, switchOrganization } from './finish-login.ts';
import type { InteractionPage } from './interaction-page.ts';
import type { SignInFlow } from './sign-in-flow.ts';
import { showEmail } from './steps-sign-in.ts';
import { createOrganizationStep, organizationStep } from './ui/index.ts';

/** Who is choosing: a person who just proved who they are, or one already signed in. */
export function chooser(flow: SignInFlow): { userId: string; signedIn: boolean } | undefined {
  const pending = flow.pending();
  if (pending.userId) return { userId: pending.userId, signedIn: false };
  const accountId = flow.interaction.session?.accountId;
  return accountId ? { userId: accountId, signedIn: true } : undefined;
}

/** A person who just proved who they are creates their first organization and signs in to it. */
export async function foundOrganization(flow: SignInFlow, userId: string, name: string) {
  const org = await createFounderOrganization(flow.ctx, userId, name);
  await startSession(flow, userId, flow.pending().authMethod ?? 'password', org.id);
  return org;
}

export async function showOrganizations(page: InteractionPage, error?: string, status = 200): Promise<void> {
  const who = chooser(page);
  if (!who) return showEmail(page);
  const organizations = await signInOrganizations(page.ctx, who.userId);
  if (organizations.length === 0) return page.redirect(page.step('organization/new'));
  page.render(
    status,
    organizationStep({
      ...page.base,
      action: page.step('organization'),
      csrf: page.csrf,
      organizations,
      error,
    }),
  );
}

export async function chooseOrganization(
  page: InteractionPage,
  fields: Record<string, string>,
): Promise<void> {
  const who = chooser(page);
  if (!who) return showEmail(page);
  const organizationId = fields.organization_id ?? '';
  const organizations = await signInOrganizations(page.ctx, who.userId);
  if (!organizations.some((o) => o.id === organizationId)) {
    return showOrganizations(page, 'Choose one of your organizations.', 400);
  }
  if (!who.signedIn)
    return startSession(page, who.userId, page.pending().authMethod ?? 'password', organizationId);
  await switchOrSignInAgain(page, organizationId);
}

/**
 * A signed-in person the application sent with `organization_id` for another organization than the
 * session's: the application has chosen, so there is nothing to ask. Switch, or say the person is
 * not a member (never a list of their own organizations to pick from instead).
 */
export async function switchToRequested(
  page: InteractionPage,
  userId: string,
  organizationId: string,
): Promise<void> {
  const organizations = await signInOrganizations(page.ctx, userId);
  if (!organizations.some((o) => o.id === organizationId)) return showNoAccess(page);
  await switchOrSignInAgain(page, organizationId);
}

async function switchOrSignInAgain(page: InteractionPage, organizationId: string): Promise<void> {
  if (!(await switchOrganization(page, organizationId)))
    showEmail(page, undefined, 'Your session has ended. Sign in again.', 401);
}

export function showCreateOrganization(
  page: InteractionPage,
  error?: string,
  name?: string,
  status = 200,
): void {
  if (!chooser(page)) return showEmail(page);
  page.render(
    status,
    createOrganizationStep({
      ...page.base,
      action: page.step('organization/new'),
      csrf: page.csrf,
      error,
      organizationName: name,
    }),
  );
}

export async function createOrganization(
  page: InteractionPage,
  fields: Record<string, string>,
): Promise<void> {
  const who = chooser(page);
  if (!who || who.signedIn) return showEmail(page);
  const name = (fields.organization_name ?? '').trim();
  try {
    await foundOrganization(page, who.userId, name);
  } catch (error) {
    if (error instanceof ApiError && error.errorCode === 'INVALID_ARGUMENT') {
      return showCreateOrganization(
        page,
        'Enter a name for your organization (up to 200 characters).',
        name,
        400,
      );
    }
    throw error;
  }
}
