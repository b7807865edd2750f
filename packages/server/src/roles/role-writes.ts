// Creating and changing roles, the same way for environment and organization roles: validate the
// input first, then check and write inside one roleWrite transaction with the event.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { alreadyExists } from '../contract/api-error.ts';
import { appendEvent } from '../events/event-log.ts';
import { isUniqueViolation } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';
import { grantPermissions, replacePermissions, requirePermissions } from './permission-store.ts';
import { assertNoCycle } from './role-inheritance.ts';
import * as input from './role-input.ts';
import type { RoleRow } from './role-lookup.ts';
import { requireOwnRole, requireUsableRole } from './role-resolve.ts';
import { nameClash, type RoleScope } from './role-store.ts';
import { roleEvent } from './role-views.ts';
import { roleWrite } from './role-write.ts';

/** CreateRole and CreateOrganizationRole carry the same fields. */
export interface NewRole {
  name: string;
  displayName: string;
  description?: string | undefined;
  extends?: string | undefined;
  permissions: string[];
}

/** UpdateRole: absent fields stay; `extends: ""` removes the base; a non-empty permissions list replaces. */
export interface RolePatch {
  displayName?: string | undefined;
  description?: string | undefined;
  extends?: string | undefined;
  permissions: string[];
}

export async function createRole(ctx: AppContext, scope: RoleScope, fields: NewRole): Promise<RoleRow> {
  const name = input.roleName(fields.name, 'name');
  const displayName = input.displayName(fields.displayName);
  const description = input.description(fields.description);
  const baseName = input.optionalRoleName(fields.extends, 'extends');
  const permissionNames = input.permissionNames(fields.permissions);
  return roleWrite(ctx, async (trx) => {
    await assertNameFree(trx, scope, name);
    const base = baseName ? await requireUsableRole(trx, scope, baseName, 'extends') : undefined;
    const permissions = await requirePermissions(trx, permissionNames);
    const now = isoNow();
    const row: RoleRow = {
      id: newId('role'),
      scope: scope.scope,
      organization_id: scope.organizationId,
      name,
      display_name: displayName,
      description,
      extends_role_id: base?.id ?? null,
      default_creator: 0,
      default_member: 0,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('roles').values(row).execute();
    await grantPermissions(
      trx,
      row.id,
      permissions.map((p) => p.id),
      now,
    );
    await appendRoleEvent(ctx, trx, 'role.created', row);
    return row;
  }).catch((error: unknown) => {
    // Two creates racing past assertNameFree: the unique index decides.
    if (isUniqueViolation(error)) throw alreadyExists(`a role named ${name} already exists`);
    throw error;
  });
}

export async function updateRole(
  ctx: AppContext,
  scope: RoleScope,
  roleName: string,
  patch: RolePatch,
): Promise<RoleRow> {
  const name = input.roleName(roleName);
  const displayName = patch.displayName === undefined ? undefined : input.displayName(patch.displayName);
  const description = patch.description === undefined ? undefined : input.description(patch.description);
  const baseName = patch.extends ? input.roleName(patch.extends, 'extends') : patch.extends;
  const permissionNames = input.permissionNames(patch.permissions);
  const unchanged = [displayName, description, baseName].every((v) => v === undefined);
  // Nothing to change: answer with the role as it is, without a write or an event.
  if (unchanged && permissionNames.length === 0) return requireOwnRole(ctx.db, scope, name);
  return roleWrite(ctx, async (trx) => {
    const role = await requireOwnRole(trx, scope, name);
    const next: RoleRow = { ...role, updated_at: isoNow() };
    if (displayName !== undefined) next.display_name = displayName;
    if (description !== undefined) next.description = description;
    if (baseName === '') next.extends_role_id = null;
    if (baseName) {
      const base = await requireUsableRole(trx, scope, baseName, 'extends');
      await assertNoCycle(trx, role, base);
      next.extends_role_id = base.id;
    }
    if (permissionNames.length > 0) {
      const permissions = await requirePermissions(trx, permissionNames);
      await replacePermissions(
        trx,
        role.id,
        permissions.map((p) => p.id),
        next.updated_at,
      );
    }
    await trx.updateTable('roles').set(next).where('id', '=', role.id).execute();
    await appendRoleEvent(ctx, trx, 'role.updated', next);
    return next;
  });
}

/** DeleteRoleBase: the role keeps only its own permissions. Removing an absent base changes nothing. */
export async function removeBase(ctx: AppContext, scope: RoleScope, roleName: string): Promise<RoleRow> {
  const name = input.roleName(roleName);
  return roleWrite(ctx, async (trx) => {
    const role = await requireOwnRole(trx, scope, name);
    if (!role.extends_role_id) return role;
    const next: RoleRow = { ...role, extends_role_id: null, updated_at: isoNow() };
    await trx.updateTable('roles').set(next).where('id', '=', role.id).execute();
    await appendRoleEvent(ctx, trx, 'role.updated', next);
    return next;
  });
}

async function assertNameFree(db: Kysely<Database>, scope: RoleScope, name: string): Promise<void> {
  const clash = await nameClash(db, scope.scope, name);
  if (!clash) return;
  const where = clash.scope === '' ? 'the environment' : `organization ${clash.scope}`;
  throw alreadyExists(
    `a role named ${name} already exists in ${where}; role names are unique per organization`,
  );
}

export async function appendRoleEvent(
  ctx: AppContext,
  db: Kysely<Database>,
  type: 'role.created' | 'role.updated' | 'role.deleted',
  row: RoleRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await appendEvent(db, ctx.environmentId, {
    type,
    organizationId: row.organization_id,
    object: 'Role',
    data: { ...(await roleEvent(db, row)), ...extra },
  });
}
