// Profile sync on SSO login (sync_user_profile_on_login): the names the IdP sends replace the
// stored ones when they differ, with a user.updated event. Names the IdP does not send are kept.
import type { AppContext } from '../app-context.ts';
import { userEvent } from '../users/user-events.ts';
import { text, type StoredProfile } from '../users/user-input.ts';
import type { UserRow } from '../users/user-store.ts';
import { userView } from '../users/user-view.ts';
import { isoNow } from '../util/time.ts';
import type { SsoPerson } from './sso-profile.ts';

export async function syncProfile(ctx: AppContext, user: UserRow, person: SsoPerson): Promise<void> {
  const profile = JSON.parse(user.profile) as StoredProfile;
  const given = person.givenName === undefined ? profile.given_name : text(person.givenName, 'given_name');
  const family =
    person.familyName === undefined ? profile.family_name : text(person.familyName, 'family_name');
  if (given === profile.given_name && family === profile.family_name) return;
  const next: StoredProfile = {
    ...profile,
    given_name: given,
    family_name: family,
    name: `${given} ${family}`.trim(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('users')
      .set({ profile: JSON.stringify(next), updated_at: isoNow() })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await userEvent(trx, ctx.environmentId, 'user.updated', await userView(trx, updated));
  });
}
