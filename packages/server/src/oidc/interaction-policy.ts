// When the hosted login must be shown. On top of oidc-provider's login and consent prompts:
// - a browser session whose Gatehouse session was revoked or timed out signs in again;
// - `prompt=select_account`, an `organization_id` the session is not in, or a person with
//   organizations and none chosen yet, go to the organization choice.
// Consent never asks: the environment's application is first-party (loadExistingGrant grants it).
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { SessionLink } from './session-link.ts';

const { Check, Prompt, base } = interactionPolicy;

export function gatehousePolicy(sessions: SessionLink) {
  const policy = base();
  const login = policy.get('login');
  login?.checks.add(
    new Check('session_ended', 'the session has ended', async (ctx: KoaContextWithOIDC) => {
      const uid = ctx.oidc.session?.accountId ? ctx.oidc.session.uid : undefined;
      if (!uid || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
      return (await sessions.byProviderUid(uid)) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  policy.add(
    new Prompt(
      { name: 'select_account', requestable: true },
      new Check('select_account_requested', 'the person is asked to choose an organization', (ctx) =>
        ctx.oidc.prompts.has('select_account') && !ctx.oidc.result?.select_account
          ? Check.REQUEST_PROMPT
          : Check.NO_NEED_TO_PROMPT,
      ),
      new Check('organization_mismatch', 'the requested organization is not the session’s', async (ctx) => {
        const wanted = ctx.oidc.params?.organization_id;
        const uid = ctx.oidc.session?.uid;
        if (typeof wanted !== 'string' || !uid || ctx.oidc.result?.select_account)
          return Check.NO_NEED_TO_PROMPT;
        const session = await sessions.byProviderUid(uid);
        return session?.organizationId === wanted ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
      }),
    ),
    1,
  );
  return policy;
}
