// A new environment starts with the two roles Scalekit environments have: `admin` (the default role
// of an organization's creator) and `member` (the default role of everyone else), so documented
// calls like createMembership(org, user, { roles: ['admin'] }) work on a fresh install. Seeded once,
// guarded by a settings row; after that they are ordinary roles the application may change or delete.
import type { AppContext } from '../app-context.ts';
import { setEnvironmentDefaults } from '../roles/role-defaults.ts';
import { ENVIRONMENT } from '../roles/role-store.ts';
import { createRole } from '../roles/role-writes.ts';

export async function seedDefaultRoles(ctx: AppContext): Promise<boolean> {
  const latch = await ctx.db
    .insertInto('settings')
    .values({ key: 'default_roles_seeded', value: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(latch.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await createRole(ctx, ENVIRONMENT, {
    name: 'admin',
    displayName: 'Admin',
    description: 'Administers the organization',
    permissions: [],
  });
  await createRole(ctx, ENVIRONMENT, {
    name: 'member',
    displayName: 'Member',
    description: 'A member of the organization',
    permissions: [],
  });
  await setEnvironmentDefaults(ctx, {
    creator: { name: 'admin', legacy: undefined },
    member: { name: 'member', legacy: undefined },
  });
  return true;
}
