// A person who signs up with no organization creates their own and becomes its first member, with
// the environment's default creator role (`admin` on a fresh environment). One transaction: the
// organization, the membership, and both events.
import type { AppContext } from '../app-context.ts';
import { environmentDefaults } from '../roles/role-store.ts';
import { membershipChanged } from '../users/user-events.ts';
import { addMembership } from '../users/membership-write.ts';
import * as users from '../users/user-store.ts';
import { displayName } from './organization-input.ts';
import { insertOrganization, newOrganizationRow } from './organization-create.ts';
import type { OrganizationRow } from './organization-store.ts';

export async function createFounderOrganization(
  ctx: AppContext,
  userId: string,
  name: string,
): Promise<OrganizationRow> {
  const row = newOrganizationRow({
    display_name: displayName(name),
    external_id: null,
    slug: null,
    logo_url: null,
    region_code: 0,
    metadata: '{}',
  });
  const { creator } = await environmentDefaults(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const user = await users.findById(trx, userId);
    if (!user) throw new Error(`user ${userId} vanished during sign-up`);
    await insertOrganization(trx, ctx.environmentId, row);
    await addMembership(trx, ctx, row.id, userId, {
      roles: creator ? [{ name: creator.name }] : [],
      metadata: {},
      inviterEmail: null,
      invite: false,
    });
    await membershipChanged(trx, ctx.environmentId, 'organization.membership_created', user, row.id);
  });
  return row;
}
