// Effective permissions of a membership's roles, through inheritance, from the roles area's
// in-process cache. Never call these inside a transaction: the cache reads through ctx.db, which
// on SQLite waits for the very connection the transaction holds.
import type { AppContext } from '../app-context.ts';
import { effectivePermissionsForRoles } from '../roles/permission-cache.ts';
import type { PermissionRow } from '../roles/role-lookup.ts';
import type { PermissionsOf } from './user-view.ts';

export function permissionsOfRoles(ctx: AppContext, roleIds: string[]): Promise<PermissionRow[]> {
  if (roleIds.length === 0) return Promise.resolve([]);
  return effectivePermissionsForRoles(ctx, roleIds);
}

/** Permission names for user views. */
export function permissionNames(ctx: AppContext): PermissionsOf {
  return async (roleIds) => (await permissionsOfRoles(ctx, roleIds)).map((p) => p.name);
}
