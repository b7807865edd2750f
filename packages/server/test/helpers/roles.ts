// Setting up and inspecting roles, permissions and members straight in the server's database, to
// check what a roles request did (or did not) write.
import { createClient, type Client } from '@connectrpc/connect';
import { RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import { newId } from '../../src/store/ids.ts';
import type { TestServer } from '../harness.ts';
import { authorizedTransport } from './grpc.ts';
import { rest } from './rest.ts';

/** A RolesService client over gRPC for calls the official SDK cannot make (e.g. `include`). */
export function rolesClient(server: TestServer, token: string): Client<typeof RolesService> {
  return createClient(RolesService, authorizedTransport(server.url, `Bearer ${token}`));
}

/** A fresh organization, created over REST. */
export async function newOrganization(
  server: TestServer,
  token: string,
  name = 'Roles Org',
): Promise<string> {
  const res = await rest(server, 'POST', '/api/v1/organizations', { token, json: { display_name: name } });
  if (res.status !== 200) throw new Error(`organization not created: ${JSON.stringify(res.body)}`);
  return res.body.organization.id as string;
}

/** Permissions created over REST (names must be unused). */
export async function newPermissions(server: TestServer, token: string, names: string[]): Promise<void> {
  for (const name of names) {
    const res = await rest(server, 'POST', '/api/v1/permissions', {
      token,
      json: { name, description: name },
    });
    if (res.status !== 200) throw new Error(`permission ${name} not created: ${JSON.stringify(res.body)}`);
  }
}

export async function roleId(server: TestServer, scope: string, name: string): Promise<string> {
  const row = await server.running.ctx.db
    .selectFrom('roles')
    .select('id')
    .where('scope', '=', scope)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A user and their membership in the organization holding the roles, inserted directly. */
export async function addMember(
  server: TestServer,
  organizationId: string,
  roleIds: string[],
): Promise<string> {
  const db = server.running.ctx.db;
  const now = new Date().toISOString();
  const userId = newId('usr');
  const membershipId = newId('mem');
  const email = `${userId}@example.com`;
  await db
    .insertInto('users')
    .values({
      id: userId,
      email,
      email_normalized: email,
      email_verified: 0,
      external_id: null,
      profile: '{}',
      metadata: '{}',
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('memberships')
    .values({
      id: membershipId,
      organization_id: organizationId,
      user_id: userId,
      status: 'active',
      metadata: '{}',
      inviter_email: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const role_id of roleIds) {
    await db.insertInto('membership_roles').values({ membership_id: membershipId, role_id }).execute();
  }
  return membershipId;
}

/** The role names a membership holds, sorted. */
export async function memberRoleNames(server: TestServer, membershipId: string): Promise<string[]> {
  const rows = await server.running.ctx.db
    .selectFrom('membership_roles')
    .innerJoin('roles', 'roles.id', 'membership_roles.role_id')
    .select('roles.name')
    .where('membership_roles.membership_id', '=', membershipId)
    .execute();
  return rows.map((r) => r.name).sort();
}

/** Everything a roles request could change, to compare before and after a refused one. */
export async function rolesSnapshot(server: TestServer) {
  const db = server.running.ctx.db;
  return {
    roles: await db.selectFrom('roles').selectAll().orderBy('id').execute(),
    permissions: await db.selectFrom('permissions').selectAll().orderBy('id').execute(),
    rolePermissions: await db
      .selectFrom('role_permissions')
      .select(['role_id', 'permission_id'])
      .orderBy('role_id')
      .orderBy('permission_id')
      .execute(),
    membershipRoles: await db
      .selectFrom('membership_roles')
      .selectAll()
      .orderBy('membership_id')
      .orderBy('role_id')
      .execute(),
    defaults: await db
      .selectFrom('organizations')
      .select(['id', 'default_member_role_id'])
      .orderBy('id')
      .execute(),
    events: (await db.selectFrom('events').select('id').execute()).length,
  };
}

/** Events of a type, oldest first, with their data parsed. */
export async function eventsOfType(server: TestServer, type: string) {
  const rows = await server.running.ctx.db
    .selectFrom('events')
    .selectAll()
    .where('type', '=', type)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, any> })); // any: event JSON
}
