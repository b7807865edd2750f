// Finding the role a request names, or the clear error when there is none. Which roles a name can
// reach depends on where the request stands: an environment request sees environment roles; an
// organization request reads its own and the environment's roles but changes only its own.
import type { Kysely } from 'kysely';
import { failedPrecondition, notFound } from '../contract/api-error.ts';
import type { Database } from '../store/schema.ts';
import type { RoleRow } from './role-lookup.ts';
import { findRole, findVisibleRole, type RoleScope } from './role-store.ts';

type Db = Kysely<Database>;

function where(scope: RoleScope): string {
  return scope.organizationId ? ` in organization ${scope.organizationId}` : '';
}

/** A role that belongs to the scope itself: the only roles a request may change or delete there. */
export async function requireOwnRole(db: Db, scope: RoleScope, name: string, lock = false): Promise<RoleRow> {
  const role = await findRole(db, scope.scope, name, lock);
  if (role) return role;
  if (scope.scope !== '' && (await findRole(db, '', name))) {
    throw failedPrecondition(
      `${name} is an environment role; organizations change only their own roles (use UpdateRole/DeleteRole)`,
    );
  }
  throw notFound(`role ${name} not found${where(scope)}`);
}

/**
 * A role the scope can use by name — as a base to extend, a reassignment target, a default. An
 * environment role can use only environment roles (they serve every organization); an
 * organization role can use its organization's roles and the environment's.
 */
export async function requireUsableRole(
  db: Db,
  scope: RoleScope,
  name: string,
  field: string,
): Promise<RoleRow> {
  const role = scope.organizationId
    ? await findVisibleRole(db, scope.organizationId, name)
    : await findRole(db, '', name);
  if (role) return role;
  const kind = scope.organizationId ? 'role' : 'environment role';
  throw notFound(`${field}: ${kind} ${name} not found${where(scope)}`);
}

/** A role an organization can read: its own, else the environment's. */
export async function requireVisibleRole(db: Db, organizationId: string, name: string): Promise<RoleRow> {
  const role = await findVisibleRole(db, organizationId, name);
  if (!role) throw notFound(`role ${name} not found in organization ${organizationId}`);
  return role;
}
