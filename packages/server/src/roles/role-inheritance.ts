// Role inheritance: a role `extends` one base role, to any depth. The chain of a role is read in one
// recursive query; cycles are refused on write (naming the cycle) and tolerated on read, so a
// database edited by hand can never make a read loop forever.
import type { Kysely } from 'kysely';
import { failedPrecondition } from '../contract/api-error.ts';
import type { Database } from '../store/schema.ts';
import { compareNames, sortByName } from './permission-store.ts';
import type { PermissionRow, RoleRow } from './role-lookup.ts';

type Db = Kysely<Database>;

/** A permission a role has, and the nearest role in its chain that grants it. */
export interface SourcedPermission {
  permission: PermissionRow;
  roleName: string;
}

/** The roles and every role they extend, transitively, by id — one recursive query. */
export async function ancestorRows(db: Db, roleIds: string[]): Promise<Map<string, RoleRow>> {
  const ids = [...new Set(roleIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    // UNION (not UNION ALL) drops rows already seen, which also ends the recursion on a cycle.
    .withRecursive('chain(id)', (qc) =>
      qc
        .selectFrom('roles')
        .select('roles.id')
        .where('roles.id', 'in', ids)
        .union((inner) =>
          inner
            .selectFrom('roles')
            .innerJoin('chain', 'chain.id', 'roles.id')
            .select('roles.extends_role_id as id')
            .where('roles.extends_role_id', 'is not', null)
            .$narrowType<{ id: string }>(),
        ),
    )
    .selectFrom('roles')
    .selectAll('roles')
    .where('roles.id', 'in', (qc) => qc.selectFrom('chain').select('chain.id'))
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The role, its base, its base's base…, stopping at the top or where a cycle would repeat. */
export function chainOf(startId: string, rows: ReadonlyMap<string, RoleRow>): RoleRow[] {
  const chain: RoleRow[] = [];
  const seen = new Set<string>();
  for (let row = rows.get(startId); row && !seen.has(row.id);) {
    chain.push(row);
    seen.add(row.id);
    row = row.extends_role_id ? rows.get(row.extends_role_id) : undefined;
  }
  return chain;
}

/** Direct grants of each role, by role id. */
export async function directGrants(db: Db, roleIds: string[]): Promise<Map<string, PermissionRow[]>> {
  const grants = new Map<string, PermissionRow[]>();
  if (roleIds.length === 0) return grants;
  const rows = await db
    .selectFrom('role_permissions')
    .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
    .selectAll('permissions')
    .select('role_permissions.role_id')
    .where('role_permissions.role_id', 'in', roleIds)
    .execute();
  for (const { role_id, ...permission } of sortByName(rows)) {
    const list = grants.get(role_id) ?? [];
    list.push(permission);
    grants.set(role_id, list);
  }
  return grants;
}

/**
 * Effective permissions of each role (its own and every inherited one, once, by name), each with
 * the nearest role that grants it. Two queries whatever the number of roles or the depth.
 */
export async function effectiveGrants(db: Db, roleIds: string[]): Promise<Map<string, SourcedPermission[]>> {
  const rows = await ancestorRows(db, roleIds);
  const grants = await directGrants(db, [...rows.keys()]);
  const result = new Map<string, SourcedPermission[]>();
  for (const roleId of new Set(roleIds)) {
    const byName = new Map<string, SourcedPermission>();
    for (const role of chainOf(roleId, rows)) {
      for (const permission of grants.get(role.id) ?? []) {
        if (!byName.has(permission.name)) byName.set(permission.name, { permission, roleName: role.name });
      }
    }
    const sourced = [...byName.values()];
    result.set(
      roleId,
      sourced.sort((a, b) => compareNames(a.permission.name, b.permission.name)),
    );
  }
  return result;
}

/**
 * Refuses making `role` extend `base` when `base` already reaches `role` through its own chain:
 * FAILED_PRECONDITION naming the cycle it would close, e.g. "a → b → c → a".
 */
export async function assertNoCycle(db: Db, role: RoleRow, base: RoleRow): Promise<void> {
  const rows = await ancestorRows(db, [base.id]);
  const chain = chainOf(base.id, rows);
  const at = chain.findIndex((r) => r.id === role.id);
  if (at < 0) return;
  const path = [role.name, ...chain.slice(0, at + 1).map((r) => r.name)].join(' → ');
  throw failedPrecondition(
    `role ${role.name} cannot extend ${base.name}: that would make an inheritance cycle ${path}`,
  );
}
