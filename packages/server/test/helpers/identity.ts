// Reading what the users area wrote (rows, events, mail) straight from the server's database, and
// setting up the roles its tests assign — through the official SDK, as an application would.
import { create } from '@bufbuild/protobuf';
import type { Scalekit } from '@scalekit-sdk/node';
import {
  CreateOrganizationRoleSchema,
  CreatePermissionSchema,
  CreateRoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import { createClient, type Client } from '@connectrpc/connect';
import type { TestServer } from '../harness.ts';
import { transport, type Protocol } from './grpc.ts';
import { unique } from './servers.ts';

/** A UserService client over `protocol` that sends `authorization` on every call. */
export function userServiceClient(
  baseUrl: string,
  authorization: string,
  protocol: Protocol = 'grpc',
): Client<typeof UserService> {
  const base = transport(baseUrl, protocol);
  return createClient(UserService, {
    unary: (method, signal, timeoutMs, header, input, contextValues) => {
      const headers = new Headers(header);
      headers.set('authorization', authorization);
      return base.unary(method, signal, timeoutMs, headers, input, contextValues);
    },
    stream: (...args) => base.stream(...args),
  });
}

type Counted = 'users' | 'memberships' | 'membership_roles' | 'invitations' | 'events' | 'mail_messages';

export async function count(server: TestServer, table: Counted): Promise<number> {
  const row = await server.running.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Row counts of every table a users-area write touches, to compare before and after a refusal. */
export async function identityCounts(server: TestServer): Promise<Record<Counted, number>> {
  const tables: Counted[] = [
    'users',
    'memberships',
    'membership_roles',
    'invitations',
    'events',
    'mail_messages',
  ];
  const counts = await Promise.all(tables.map((t) => count(server, t)));
  return Object.fromEntries(tables.map((t, i) => [t, counts[i]])) as Record<Counted, number>;
}

/** Mail sent to one address, oldest first. */
export async function mailTo(server: TestServer, address: string) {
  return server.running.ctx.db
    .selectFrom('mail_messages')
    .selectAll()
    .where('to_address', '=', address)
    .orderBy('id')
    .execute();
}

/** The invitation token in a mail's accept link. */
export function inviteToken(text: string): string {
  const match = /\/invites\/([A-Za-z0-9_-]{43})\b/.exec(text);
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1] as string;
}

/** Events of one type (optionally about one organization), oldest first, with parsed data. */
export async function eventsOfType(server: TestServer, type: string, organizationId?: string) {
  let q = server.running.ctx.db.selectFrom('events').selectAll().where('type', '=', type);
  if (organizationId) q = q.where('organization_id', '=', organizationId);
  const rows = await q.orderBy('seq').execute();
  return rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, any> })); // any: event JSON
}

/** The data of a person's events of one type (user.login, user.signup…), oldest first. */
export async function userEvents(server: TestServer, type: string, userId: string) {
  return (await eventsOfType(server, type)).map((e) => e.data).filter((d) => d.user?.id === userId);
}

export interface RoleSet {
  viewer: string;
  editor: string;
  admin: string;
  read: string;
  write: string;
  manage: string;
}

/**
 * Three environment roles with fresh names: viewer (read), editor extends viewer (+write), admin
 * (manage). Inheritance is what ListUserPermissions must follow.
 */
export async function createRoles(sdk: Scalekit): Promise<RoleSet> {
  const s = unique().replace(/-/g, '');
  const set: RoleSet = {
    viewer: `viewer_${s}`,
    editor: `editor_${s}`,
    admin: `admin_${s}`,
    read: `docs_${s}:read`,
    write: `docs_${s}:write`,
    manage: `docs_${s}:manage`,
  };
  for (const name of [set.read, set.write, set.manage]) {
    await sdk.permission.createPermission(
      create(CreatePermissionSchema, { name, description: `can ${name}` }),
    );
  }
  const role = (name: string, displayName: string, permissions: string[], base?: string) =>
    sdk.role.createRole(create(CreateRoleSchema, { name, displayName, permissions, extends: base }));
  await role(set.viewer, 'Viewer', [set.read]);
  await role(set.editor, 'Editor', [set.write], set.viewer);
  await role(set.admin, 'Admin', [set.manage]);
  return set;
}

/** An organization's own role (visible only in that organization); resolves with its id. */
export async function createOrganizationRole(
  sdk: Scalekit,
  organizationId: string,
  name: string,
): Promise<string> {
  const { role } = await sdk.role.createOrganizationRole(
    organizationId,
    create(CreateOrganizationRoleSchema, { name, displayName: name }),
  );
  return role!.id;
}
