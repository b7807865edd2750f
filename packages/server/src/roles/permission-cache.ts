// The effective permissions of roles, cached in process, because every permission check (and every
// token that will carry permissions) needs them and they change rarely.
//
// Freshness: every role or permission change runs through roleWrite (role-write.ts), which writes a
// new random `roles_version` into `settings` in the same transaction and clears this process's cache
// once it commits. Other instances notice the new version the next time they look, and they look at
// most once a second: a change made on one instance is seen everywhere within about one second.
// A fill that read the database while a change was landing is discarded rather than stored
// (`generation`), so a stale entry can never outlive the next version check.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../store/schema.ts';
import { effectiveGrants } from './role-inheritance.ts';
import type { PermissionRow } from './role-lookup.ts';

type Db = Kysely<Database>;

export const ROLES_VERSION_KEY = 'roles_version';
/** How long a process trusts its cache before re-reading roles_version. */
export const RECHECK_MS = 1000;
/** Entries kept before the cache starts over (role ids are bounded by the roles table anyway). */
const MAX_ENTRIES = 100_000;

/** One role's effective permissions, as a list (by name) and a set of names for checks. */
export interface RoleGrant {
  readonly permissions: readonly PermissionRow[];
  readonly names: ReadonlySet<string>;
}

const EMPTY: RoleGrant = Object.freeze({ permissions: Object.freeze([]), names: new Set<string>() });

export class PermissionCache {
  readonly #entries = new Map<string, RoleGrant>();
  #generation = 0;
  #version: string | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #checking: Promise<void> | undefined;

  async grants(db: Db, roleIds: readonly string[]): Promise<RoleGrant[]> {
    if (Date.now() - this.#checkedAt >= RECHECK_MS) await this.#recheck(db);
    const missing = roleIds.filter((id) => !this.#entries.has(id));
    const filled = missing.length > 0 ? await this.#fill(db, missing) : undefined;
    return roleIds.map((id) => this.#entries.get(id) ?? filled?.get(id) ?? EMPTY);
  }

  /** After a local change committed as `version`: forget everything, and trust that version. */
  invalidate(version: string): void {
    this.#reset(version);
    this.#checkedAt = Date.now();
  }

  #reset(version: string | undefined): void {
    this.#entries.clear();
    this.#generation++;
    this.#version = version;
  }

  // Concurrent callers share one version read.
  #recheck(db: Db): Promise<void> {
    this.#checking ??= (async () => {
      try {
        const version = await readRolesVersion(db);
        if (version !== this.#version) this.#reset(version);
        this.#checkedAt = Date.now();
      } finally {
        this.#checking = undefined;
      }
    })();
    return this.#checking;
  }

  async #fill(db: Db, roleIds: string[]): Promise<Map<string, RoleGrant>> {
    const generation = this.#generation;
    const sourced = await effectiveGrants(db, roleIds);
    const filled = new Map<string, RoleGrant>();
    for (const id of roleIds) {
      const permissions = Object.freeze((sourced.get(id) ?? []).map((s) => s.permission));
      filled.set(id, Object.freeze({ permissions, names: new Set(permissions.map((p) => p.name)) }));
    }
    // Something changed while we read: answer this call, but do not keep what may be stale.
    if (generation !== this.#generation) return filled;
    if (this.#entries.size + filled.size > MAX_ENTRIES) this.#entries.clear();
    for (const [id, grant] of filled) this.#entries.set(id, grant);
    return filled;
  }
}

export async function readRolesVersion(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', ROLES_VERSION_KEY)
    .executeTakeFirst();
  return row?.value;
}

// One cache per database handle, i.e. per running server: tests run several servers in one process.
const caches = new WeakMap<Db, PermissionCache>();

export function permissionCache(ctx: Pick<AppContext, 'db'>): PermissionCache {
  let cache = caches.get(ctx.db);
  if (!cache) {
    cache = new PermissionCache();
    caches.set(ctx.db, cache);
  }
  return cache;
}

/**
 * The effective permissions of a set of roles (their own and inherited, each once, by name), from
 * the cache. What ListUserPermissions and token issuance use.
 */
export async function effectivePermissionsForRoles(
  ctx: Pick<AppContext, 'db'>,
  roleIds: readonly string[],
): Promise<PermissionRow[]> {
  const grants = await permissionCache(ctx).grants(ctx.db, roleIds);
  if (grants.length === 1) return [...(grants[0] as RoleGrant).permissions];
  const byName = new Map<string, PermissionRow>();
  for (const grant of grants) for (const p of grant.permissions) byName.set(p.name, p);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether any of the roles grants `permission`, directly or by inheritance. */
export async function rolesGrant(
  ctx: Pick<AppContext, 'db'>,
  roleIds: readonly string[],
  permission: string,
): Promise<boolean> {
  const grants = await permissionCache(ctx).grants(ctx.db, roleIds);
  return grants.some((grant) => grant.names.has(permission));
}
