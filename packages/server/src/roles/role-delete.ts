// DeleteRole and DeleteOrganizationRole. A role goes only when nothing would be left dangling: no
// role extends it, it is no default, and every member holding it is moved to the reassignment role
// — all in one transaction, so a refusal or a failure at any step leaves everything as it was.
import type { AppContext } from '../app-context.ts';
import { failedPrecondition, invalidArgument } from '../contract/api-error.ts';
import * as input from './role-input.ts';
import { requireOwnRole, requireUsableRole } from './role-resolve.ts';
import { defaultUses, dependents, memberCount, reassignMembers, type RoleScope } from './role-store.ts';
import { roleWrite } from './role-write.ts';
import { appendRoleEvent } from './role-writes.ts';

export async function deleteRole(
  ctx: AppContext,
  scope: RoleScope,
  roleName: string,
  reassignRoleName: string | undefined,
): Promise<void> {
  const name = input.roleName(roleName);
  const reassignName = input.optionalRoleName(reassignRoleName, 'reassign_role_name');
  if (reassignName === name) throw invalidArgument('reassign_role_name must name another role');
  await roleWrite(ctx, async (trx) => {
    // The row lock makes concurrent grants of this role (membership_roles inserts, which take a
    // key-share lock on it through the foreign key) wait until we are done, so the member count
    // below stays true until commit. SQLite has one writer at a time and needs no lock.
    const role = await requireOwnRole(trx, scope, name, ctx.store.engine === 'postgres');

    const uses = await defaultUses(trx, role);
    if (uses.length > 0) {
      throw failedPrecondition(`role ${name} is ${uses.join(' and ')}; make another role the default first`);
    }
    const children = await dependents(trx, role.id);
    if (children.length > 0) {
      const names = children.map((r) => r.name).join(', ');
      throw failedPrecondition(
        `role ${name} is extended by ${names}; remove their base (DeleteRoleBase) or delete them first`,
      );
    }
    const target = reassignName
      ? await requireUsableRole(trx, scope, reassignName, 'reassign_role_name')
      : undefined;
    const holders = await memberCount(trx, role.id);
    if (holders > 0 && !target) {
      throw failedPrecondition(
        `${holders} member(s) hold role ${name}; give reassign_role_name to move them to another role`,
      );
    }

    if (target && holders > 0) await reassignMembers(trx, role.id, target.id);
    // The event describes the role as it was, permissions included: read it before they go.
    await appendRoleEvent(ctx, trx, 'role.deleted', role, {
      reassigned_to: target?.name ?? null,
      members_reassigned: target ? holders : 0,
    });
    await trx.deleteFrom('membership_roles').where('role_id', '=', role.id).execute();
    await trx.deleteFrom('role_permissions').where('role_id', '=', role.id).execute();
    await trx.deleteFrom('roles').where('id', '=', role.id).execute();
  });
}
