// IdP groups → roles, kept in a connection's attribute_mapping (the contract has no method for it):
// `groups` names the IdP attribute carrying group names, and each `role:<role_name>` key lists, comma
// separated, the groups that grant that role. Checked when a connection is updated: the role must
// exist for the connection's organization (its own roles or the environment's; an environment
// connection only the environment's), so a typo is refused then, not discovered at someone's login.
import type { Kysely } from 'kysely';
import { invalidArgument } from '../contract/api-error.ts';
import { ROLE_NAME } from '../roles/role-input.ts';
import type { Database } from '../store/schema.ts';
import type { ConnectionRow } from './connection-store.ts';

const PREFIX = 'role:';
const MAX_GROUPS_PER_ROLE = 100;
const MAX_GROUP_NAME = 256;

/** Role name → the group names that grant it; empty when the mapping has no `role:` keys. */
export function roleMappings(mapping: Record<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(mapping)) {
    if (!key.startsWith(PREFIX)) continue;
    const groups = value
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '');
    out.set(key.slice(PREFIX.length), [...new Set(groups)]);
  }
  return out;
}

/** The role names the asserted groups grant (exact, case-sensitive group names), sorted. */
export function rolesForGroups(mappings: Map<string, string[]>, groups: string[]): string[] {
  const asserted = new Set(groups.map((g) => g.trim()));
  return [...mappings]
    .filter(([, granting]) => granting.some((g) => asserted.has(g)))
    .map(([role]) => role)
    .sort();
}

/** INVALID_ARGUMENT unless every `role:` key is well-formed and names a role the connection can grant. */
export async function checkRoleMappings(db: Kysely<Database>, row: ConnectionRow): Promise<void> {
  const mapping = JSON.parse(row.attribute_mapping) as Record<string, string>;
  const mappings = roleMappings(mapping);
  if (mappings.size === 0) return;
  if (!mapping.groups) {
    throw invalidArgument(
      'attribute_mapping has role mappings but no "groups" entry naming the IdP attribute that carries the groups',
    );
  }
  for (const [role, groups] of mappings) {
    if (!ROLE_NAME.test(role)) {
      throw invalidArgument(
        `attribute_mapping key "role:${role.slice(0, 64)}" does not name a role (1-64 letters, digits or underscores)`,
      );
    }
    if (groups.length === 0) throw invalidArgument(`attribute_mapping role:${role} lists no group`);
    if (groups.length > MAX_GROUPS_PER_ROLE) {
      throw invalidArgument(`attribute_mapping role:${role} lists more than ${MAX_GROUPS_PER_ROLE} groups`);
    }
    if (groups.some((g) => g.length > MAX_GROUP_NAME)) {
      throw invalidArgument(
        `attribute_mapping role:${role} has a group name longer than ${MAX_GROUP_NAME} characters`,
      );
    }
  }
  const names = [...mappings.keys()];
  const scopes = row.organization_id ? ['', row.organization_id] : [''];
  const found = await db
    .selectFrom('roles')
    .select('name')
    .where('name', 'in', names)
    .where('scope', 'in', scopes)
    .execute();
  const missing = names.filter((name) => !found.some((r) => r.name === name));
  if (missing.length > 0) {
    const where = row.organization_id ? `organization ${row.organization_id}` : 'the environment';
    throw invalidArgument(
      `attribute_mapping maps groups to role ${missing.join(', ')}, which does not exist in ${where}`,
    );
  }
}
