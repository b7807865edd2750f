// Which roles a membership request names. Roles are named (as the SDKs send them) or, in older
// clients, given by id; either way only roles visible in the organization — its own and the
// environment's — can be assigned, and an unknown one is INVALID_ARGUMENT.
import type { Kysely } from 'kysely';
import { invalidArgument } from '../contract/api-error.ts';
import { defaultMemberRole, resolveRoleNames } from '../roles/role-lookup.ts';
import type { Database } from '../store/schema.ts';
import type { RoleRef } from './membership-store.ts';

export interface RequestedRole {
  id?: string;
  name?: string;
}

const MAX_ROLES = 50;

async function resolveRoleIds(
  db: Kysely<Database>,
  organizationId: string,
  ids: string[],
): Promise<RoleRef[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('roles')
    .select(['id', 'name', 'display_name'])
    .where('id', 'in', ids)
    .where('scope', 'in', ['', organizationId])
    .execute();
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw invalidArgument(`role ${missing.join(', ')} does not exist`);
  return rows;
}

/** The roles a request names, each once; [] when it names none. */
export async function resolveRoles(
  db: Kysely<Database>,
  organizationId: string,
  requested: RequestedRole[],
): Promise<RoleRef[]> {
  if (requested.length > MAX_ROLES) throw invalidArgument(`at most ${MAX_ROLES} roles can be given`);
  const names: string[] = [];
  const ids: string[] = [];
  for (const role of requested) {
    const name = role.name?.trim();
    if (name) names.push(name);
    else if (role.id?.trim()) ids.push(role.id.trim());
    else throw invalidArgument('each role needs a name');
  }
  const byName = await resolveRoleNames(db, organizationId, names);
  const byId = await resolveRoleIds(db, organizationId, [...new Set(ids)]);
  const unique = new Map<string, RoleRef>();
  for (const role of [...byName, ...byId]) {
    unique.set(role.id, { id: role.id, name: role.name, display_name: role.display_name });
  }
  return [...unique.values()];
}

/** The roles of a new membership: those requested, else the default member role if there is one. */
export async function rolesForNewMembership(
  db: Kysely<Database>,
  organizationId: string,
  requested: RequestedRole[],
): Promise<RoleRef[]> {
  const roles = await resolveRoles(db, organizationId, requested);
  if (roles.length > 0) return roles;
  const fallback = await defaultMemberRole(db, organizationId);
  return fallback ? [{ id: fallback.id, name: fallback.name, display_name: fallback.display_name }] : [];
}
