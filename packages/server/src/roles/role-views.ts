// Assembles what a Role message shows beyond its row — base name, dependent count, default flags,
// permissions on request — in a fixed number of queries however many roles are listed.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { directPermissions } from './permission-store.ts';
import { directGrants, effectiveGrants, type SourcedPermission } from './role-inheritance.ts';
import type { Include } from './role-input.ts';
import { defaultMemberRole, type RoleRow } from './role-lookup.ts';
import { roleEventData, toRole, type RoleInit } from './role-mapper.ts';
import { dependentCounts, rolesByIds } from './role-store.ts';

type Db = Kysely<Database>;

export interface ViewOptions {
  include?: Include;
  /**
   * The organization the roles are read for. There, default_member marks the role its new members
   * get (its own default, else the environment's); elsewhere the environment's flags show.
   */
  organizationId?: string;
}

export async function roleViews(db: Db, rows: RoleRow[], options: ViewOptions = {}): Promise<RoleInit[]> {
  const ids = rows.map((r) => r.id);
  const names = await baseNames(db, rows);
  const counts = await dependentCounts(db, ids);
  const permissions = await permissionsOf(db, rows, options.include ?? 'none');
  const orgDefault = options.organizationId
    ? ((await defaultMemberRole(db, options.organizationId))?.id ?? null)
    : undefined;
  return rows.map((row) =>
    toRole({
      row,
      baseName: row.extends_role_id ? names.get(row.extends_role_id) : undefined,
      dependentRolesCount: counts.get(row.id) ?? 0,
      defaultCreator: row.default_creator === 1,
      defaultMember: orgDefault === undefined ? row.default_member === 1 : orgDefault === row.id,
      permissions: permissions?.get(row.id) ?? (permissions ? [] : undefined),
    }),
  );
}

export async function roleView(db: Db, row: RoleRow, options: ViewOptions = {}): Promise<RoleInit> {
  const [view] = await roleViews(db, [row], options);
  return view as RoleInit;
}

/** The event payload of a role as it is now in `db` (inside the writing transaction). */
export async function roleEvent(db: Db, row: RoleRow): Promise<{ role: Record<string, unknown> }> {
  const names = await baseNames(db, [row]);
  const permissions = await directPermissions(db, row.id);
  return roleEventData(
    row,
    row.extends_role_id ? names.get(row.extends_role_id) : undefined,
    permissions.map((p) => p.name),
  );
}

async function baseNames(db: Db, rows: RoleRow[]): Promise<Map<string, string>> {
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const missing = rows.flatMap((r) =>
    r.extends_role_id && !names.has(r.extends_role_id) ? [r.extends_role_id] : [],
  );
  for (const [id, base] of await rolesByIds(db, [...new Set(missing)])) names.set(id, base.name);
  return names;
}

async function permissionsOf(
  db: Db,
  rows: RoleRow[],
  include: Include,
): Promise<Map<string, SourcedPermission[]> | undefined> {
  const ids = rows.map((r) => r.id);
  if (include === 'permissions:all') return effectiveGrants(db, ids);
  if (include === 'none') return undefined;
  const grants = await directGrants(db, ids);
  return new Map(
    rows.map((row) => [
      row.id,
      (grants.get(row.id) ?? []).map((permission) => ({ permission, roleName: row.name })),
    ]),
  );
}
