// Every change to roles, permissions, their links or defaults runs through roleWrite: one
// transaction that first writes a new roles_version (the signal other instances' caches watch),
// then the change and its event, and after commit clears this process's permission cache.
//
// Writing roles_version first also serializes role writes: on PostgreSQL the upsert holds that
// row's lock until commit, so two instances can never both pass a check (a name is free, no cycle,
// no member holds the role) and then both write. On SQLite the write lock does the same.
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { newSecret } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { permissionCache, ROLES_VERSION_KEY } from './permission-cache.ts';

export async function roleWrite<T>(
  ctx: Pick<AppContext, 'db'>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const version = newSecret(12);
  const result = await ctx.db.transaction().execute(async (trx) => {
    await bumpRolesVersion(trx, version);
    return work(trx);
  });
  permissionCache(ctx).invalidate(version);
  return result;
}

async function bumpRolesVersion(db: Kysely<Database>, version: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: ROLES_VERSION_KEY, value: version })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: version }))
    .execute();
}
