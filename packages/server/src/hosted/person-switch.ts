// A different person finishing a login in a browser whose provider session still names someone else
// (prompt=login, the earlier Gatehouse session ended by the application, a second SSO login).
// oidc-provider 9 does not sign the new person in over the old one: its resume answers with a form
// that posts to the logout-confirm endpoint, and only after that round trip does the login go on —
// a page in the middle, and a stop for any client that does not run the form's script.
// So before such a login is handed back, the earlier person is let go here, as that logout would:
// their grants in this browser are revoked (refresh tokens stop working) and their Gatehouse session
// is logged out. The provider session keeps its uid but forgets its account, so the resume signs the
// new person into it directly (and gives it a new cookie id); SessionLink.link() then points it at
// the new Gatehouse session.
import { ArtifactAdapter } from '../oidc/artifact-adapter.ts';
import type { SignInFlow } from './sign-in-flow.ts';

/** What a provider session records of its login (oidc-provider's Session payload). */
const LOGIN_FIELDS = ['accountId', 'loginTs', 'amr', 'acr', 'transient', 'authorizations', 'state'];

interface Authorizations {
  [clientId: string]: { grantId?: string } | undefined;
}

/**
 * Lets go of the person the browser's provider session is signed in as, unless that is `accountId`
 * (the person finishing this login) or nobody. Returns whether someone was let go.
 */
export async function letGoOfEarlierPerson(flow: SignInFlow, accountId: string): Promise<boolean> {
  const { ctx, interaction } = flow;
  const uid = interaction.session?.uid;
  if (!uid) return false;
  const store = new ArtifactAdapter(ctx.db, 'Session');
  const stored = await store.findByUid(uid);
  const earlier = stored?.accountId;
  if (!stored || typeof stored.jti !== 'string' || !earlier || earlier === accountId) return false;
  // Only the person the session held when this login started: if someone else signed in since (in
  // another tab), oidc-provider refuses this stale login ("session principal changed"), as before.
  if (earlier !== interaction.session?.accountId) return false;

  const grants = Object.values((stored.authorizations ?? {}) as Authorizations)
    .map((a) => a?.grantId)
    .filter((id): id is string => typeof id === 'string');
  if (grants.length > 0) {
    // What the grants issued and the grants themselves; not this login's own interaction, which
    // oidc-provider filed under the earlier person's grant when it started.
    await ctx.db
      .deleteFrom('oidc_artifacts')
      .where((eb) =>
        eb.or([
          eb.and([eb('grant_id', 'in', grants), eb('kind', '!=', 'Interaction')]),
          eb.and([eb('kind', '=', 'Grant'), eb('id', 'in', grants)]),
        ]),
      )
      .execute();
  }

  const released = { ...stored };
  for (const field of LOGIN_FIELDS) delete released[field];
  const exp = typeof stored.exp === 'number' ? stored.exp : 0;
  const expiresIn = Math.max(1, exp - Math.floor(Date.now() / 1000));
  await store.upsert(stored.jti, released, expiresIn);
  // The interaction remembers whom the session held when it started, and oidc-provider refuses to
  // finish it once that changed: it now remembers the session as released.
  const held = interaction.session as { accountId?: string; acr?: string; amr?: string[] } | undefined;
  if (held) {
    delete held.accountId;
    delete held.acr;
    delete held.amr;
  }
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));

  const ended = await ctx.sessions.markLoggedOut(uid);
  if (ended) flow.sessions.forget(ended.id);
  return true;
}
