// What deleting an organization means for its members: the foreign keys remove the memberships (and
// their roles and invitations) with the organization, never the users or their memberships
// elsewhere; this writes one organization.membership_deleted event per member, in the deleting
// transaction, before the rows go.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { membershipEvent } from './user-events.ts';
import * as users from './user-store.ts';
import { userViews } from './user-view.ts';

// Members are read in slices so an organization of any size stays within bind-parameter limits.
const SLICE = 500;

export async function recordMembershipsDeletedWithOrganization(
  trx: Kysely<Database>,
  environmentId: string,
  organizationId: string,
): Promise<void> {
  let after = '';
  for (;;) {
    const slice = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '>', after)
      .orderBy('user_id')
      .limit(SLICE)
      .execute();
    const last = slice[slice.length - 1];
    if (!last) return;
    const views = await userViews(
      trx,
      await users.findByIds(
        trx,
        slice.map((m) => m.user_id),
      ),
    );
    for (const view of views) {
      const membership = view.memberships.find((m) => m.membership.organization_id === organizationId);
      if (membership) {
        await membershipEvent(trx, environmentId, 'organization.membership_deleted', view, membership);
      }
    }
    after = last.user_id;
  }
}
