// Everything a User message shows, loaded for a whole page of users at once: their memberships with
// organization names, roles and invitations (three queries, whatever the page size), and optionally
// each membership's effective permissions.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import * as invitations from './invitation-store.ts';
import type { InvitationRow } from './invitation-store.ts';
import * as memberships from './membership-store.ts';
import type { MembershipRow, RoleRef } from './membership-store.ts';
import type { UserRow } from './user-store.ts';

export interface MembershipView {
  membership: MembershipRow;
  organizationName: string;
  roles: RoleRef[];
  invitation: InvitationRow | undefined;
  /** Effective permission names, when the view was loaded with them. */
  permissions: string[];
}

export interface UserView {
  user: UserRow;
  memberships: MembershipView[];
}

/** Effective permission names of a set of roles. */
export type PermissionsOf = (roleIds: string[]) => Promise<string[]>;

export async function userViews(
  db: Kysely<Database>,
  users: UserRow[],
  permissionsOf?: PermissionsOf,
): Promise<UserView[]> {
  const rows = await memberships.listForUsers(
    db,
    users.map((u) => u.id),
  );
  const ids = rows.map((m) => m.id);
  const [roleRows, inviteRows] = await Promise.all([
    memberships.rolesOf(db, ids),
    // Accepted invitations too: they say when an invited member joined.
    invitations.forMemberships(db, ids),
  ]);
  const rolesByMembership = groupBy(roleRows, (r) => r.membership_id);
  const inviteByMembership = new Map(inviteRows.map((i) => [i.membership_id, i]));
  const views = new Map<string, MembershipView[]>();
  for (const { organization_name, ...membership } of rows) {
    const roles = (rolesByMembership.get(membership.id) ?? []).map(({ id, name, display_name }) => ({
      id,
      name,
      display_name,
    }));
    const permissions = permissionsOf ? await permissionsOf(roles.map((r) => r.id)) : [];
    const list = views.get(membership.user_id) ?? [];
    list.push({
      membership,
      organizationName: organization_name,
      roles,
      invitation: inviteByMembership.get(membership.id),
      permissions,
    });
    views.set(membership.user_id, list);
  }
  return users.map((user) => ({ user, memberships: views.get(user.id) ?? [] }));
}

export async function userView(
  db: Kysely<Database>,
  user: UserRow,
  permissionsOf?: PermissionsOf,
): Promise<UserView> {
  const [view] = await userViews(db, [user], permissionsOf);
  return view as UserView;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}
