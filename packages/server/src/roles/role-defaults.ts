// Default roles: the environment's default creator and default member roles (UpdateDefaultRoles),
// and an organization's own default member role (UpdateDefaultOrganizationRoles), which wins over
// the environment's for that organization. These are what defaultMemberRole() hands new members.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../contract/api-error.ts';
import { appendEvent } from '../events/event-log.ts';
import type { Database } from '../store/schema.ts';
import * as input from './role-input.ts';
import type { RoleRow } from './role-lookup.ts';
import { requireUsableRole } from './role-resolve.ts';
import { environmentDefaults, ENVIRONMENT, organizationScope } from './role-store.ts';
import { roleEvent } from './role-views.ts';
import { roleWrite } from './role-write.ts';

type Db = Kysely<Database>;
type Kind = 'creator' | 'member';

/** A default named by the current field (a name) or the deprecated one ({ id } or { name }). */
export interface DefaultChoice {
  name: string | undefined;
  legacy: { id: string; name?: string | undefined } | undefined;
}

export async function setEnvironmentDefaults(
  ctx: AppContext,
  choices: Record<Kind, DefaultChoice>,
): Promise<{ creator: RoleRow | undefined; member: RoleRow | undefined }> {
  const creator = chosenRole(choices.creator, 'default_creator_role');
  const member = chosenRole(choices.member, 'default_member_role');
  if (creator || member) {
    await roleWrite(ctx, async (trx) => {
      if (creator) await makeDefault(ctx, trx, 'creator', await findChoice(trx, creator));
      if (member) await makeDefault(ctx, trx, 'member', await findChoice(trx, member));
    });
  }
  return environmentDefaults(ctx.db);
}

export async function setOrganizationDefault(
  ctx: AppContext,
  organizationId: string,
  roleName: string,
): Promise<RoleRow> {
  const name = input.roleName(roleName, 'default_member_role');
  return roleWrite(ctx, async (trx) => {
    const role = await requireUsableRole(trx, organizationScope(organizationId), name, 'default_member_role');
    await trx
      .updateTable('organizations')
      .set({ default_member_role_id: role.id })
      .where('id', '=', organizationId)
      .execute();
    await appendEvent(trx, ctx.environmentId, {
      type: 'role.default_updated',
      organizationId,
      object: 'Role',
      data: { ...(await roleEvent(trx, role)), default: 'member' },
    });
    return role;
  });
}

type Chosen = { by: 'name'; value: string; field: string } | { by: 'id'; value: string; field: string };

function chosenRole(choice: DefaultChoice, field: string): Chosen | undefined {
  if (choice.name) return { by: 'name', value: input.roleName(choice.name, field), field };
  const legacyField = field.replace(/_role$/, '');
  if (choice.legacy?.name) {
    return { by: 'name', value: input.roleName(choice.legacy.name, `${legacyField}.name`), field };
  }
  if (choice.legacy?.id) return { by: 'id', value: choice.legacy.id, field };
  return undefined;
}

async function findChoice(db: Db, chosen: Chosen): Promise<RoleRow> {
  if (chosen.by === 'name') return requireUsableRole(db, ENVIRONMENT, chosen.value, chosen.field);
  const role = await db
    .selectFrom('roles')
    .selectAll()
    .where('id', '=', chosen.value)
    .where('scope', '=', '')
    .executeTakeFirst();
  if (!role) throw notFound(`${chosen.field}: environment role ${chosen.value} not found`);
  return role;
}

/** Moves the flag to `role` (one default of each kind); writes an event only when it moved. */
async function makeDefault(ctx: AppContext, db: Db, kind: Kind, role: RoleRow): Promise<void> {
  const column = kind === 'creator' ? 'default_creator' : 'default_member';
  if (role[column] === 1) return;
  await db
    .updateTable('roles')
    .set({ [column]: 0 })
    .where('scope', '=', '')
    .where(column, '=', 1)
    .execute();
  await db
    .updateTable('roles')
    .set({ [column]: 1 })
    .where('id', '=', role.id)
    .execute();
  await appendEvent(db, ctx.environmentId, {
    type: 'role.default_updated',
    organizationId: null,
    object: 'Role',
    data: { ...(await roleEvent(db, { ...role, [column]: 1 })), default: kind },
  });
}
