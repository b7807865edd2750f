// @gatehouse/sdk's `role` and `permission` clients against a real server: every method, with the
// official SDK's names, argument order and result shapes, and the documented snippets unchanged.
import { beforeAll, expect, it } from 'vitest';
import { GatehouseError, Scalekit } from '../../sdk/src/index.ts';
import { addMember, newOrganization, roleId } from './helpers/roles.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

async function expectError(call: Promise<unknown>, expected: { status: number; errorCode: string }) {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatehouseError);
  expect(error).toMatchObject(expected);
  return error as GatehouseError;
}

describeEachEngine('@gatehouse/sdk role and permission clients', (engine) => {
  const ctx = useServer(engine);
  let scalekit: Scalekit;
  beforeAll(() => {
    scalekit = new Scalekit(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
  });

  it('runs the documented organization role snippets unchanged', async () => {
    const orgId = await newOrganization(ctx.server, ctx.token);
    await scalekit.permission.createPermission({ name: 'perm.read', description: 'Read' });
    await scalekit.permission.createPermission({ name: 'perm.write', description: 'Write' });
    await scalekit.role.createRole({ name: 'base_role_name', displayName: 'Base', permissions: [] });
    await scalekit.role.createOrganizationRole(orgId, {
      name: 'org_admin',
      displayName: 'Org Admin',
      description: 'Organization-scoped administrator role',
      extends: 'base_role_name', // optional inheritance
      permissions: ['perm.read', 'perm.write'],
    });
    const roles = await scalekit.role.listOrganizationRoles(orgId);
    expect(roles.roles.map((r) => r.name)).toEqual(['base_role_name', 'org_admin']);
    const role = await scalekit.role.getOrganizationRole(orgId, 'org_admin');
    expect(role.role).toEqual({
      id: expect.stringMatching(/^role_/),
      name: 'org_admin',
      displayName: 'Org Admin',
      description: 'Organization-scoped administrator role',
      defaultCreator: false,
      defaultMember: false,
      extends: 'base_role_name',
      permissions: [],
      dependentRolesCount: 0,
      isOrgRole: true,
    });

    await scalekit.role.updateOrganizationRole(orgId, 'org_admin', {
      displayName: 'Org Admin (Updated)',
      description: 'Updated org role description',
    });
    for (const name of ['org_role_admin', 'org_role_member']) {
      await scalekit.role.createOrganizationRole(orgId, { name, displayName: name });
    }
    const member = await addMember(ctx.server, orgId, [await roleId(ctx.server, orgId, 'org_role_admin')]);
    await scalekit.role.deleteOrganizationRole(orgId, 'org_role_admin', 'org_role_member');
    expect((await scalekit.role.getOrganizationRoleUsersCount(orgId, 'org_role_member')).count).toBe(1n);
    expect(member).toMatch(/^mem_/);
    const withPermissions = await scalekit.role.getOrganizationRole(orgId, 'org_admin', {
      include: 'permissions',
    });
    expect(withPermissions.role.displayName).toBe('Org Admin (Updated)');
    expect(withPermissions.role.permissions.map((p) => [p.name, p.roleName])).toEqual([
      ['perm.read', 'org_admin'],
      ['perm.write', 'org_admin'],
    ]);
  });

  it('manages environment roles: every method of scalekit.role', async () => {
    const s = unique();
    const [base, child] = [`base_${s}`, `child_${s}`];
    await scalekit.permission.createPermission({ name: `sdk:base_${s}` });
    await scalekit.permission.createPermission({ name: `sdk:child_${s}` });
    const created = await scalekit.role.createRole({
      name: base,
      displayName: 'Base',
      description: 'The base',
      permissions: [`sdk:base_${s}`],
    });
    expect(created.role).toMatchObject({
      name: base,
      description: 'The base',
      isOrgRole: false,
      permissions: [],
    });
    await scalekit.role.createRole({
      name: child,
      displayName: 'Child',
      extends: base,
      permissions: [`sdk:child_${s}`],
    });

    expect((await scalekit.role.getRole(child)).role.extends).toBe(base);
    const all = await scalekit.role.getRole(child, { include: 'permissions:all' });
    expect(all.role.permissions.map((p) => [p.name, p.roleName])).toEqual([
      [`sdk:base_${s}`, base],
      [`sdk:child_${s}`, child],
    ]);
    const listed = await scalekit.role.listRoles();
    expect(listed.roles.find((r) => r.name === base)?.dependentRolesCount).toBe(1);
    expect((await scalekit.role.listDependentRoles(base)).roles.map((r) => r.name)).toEqual([child]);

    const updated = await scalekit.role.updateRole(child, { displayName: 'Child 2' });
    expect(updated.role).toMatchObject({ displayName: 'Child 2', extends: base });
    expect((await scalekit.role.getRoleUsersCount(child)).count).toBe(0n);

    const defaults = await scalekit.role.updateDefaultRoles({
      defaultCreatorRole: base,
      defaultMemberRole: child,
    });
    expect(defaults.defaultCreator?.name).toBe(base);
    expect(defaults.defaultMember?.name).toBe(child);
    const org = await newOrganization(ctx.server, ctx.token);
    await scalekit.role.createOrganizationRole(org, { name: 'org_default', displayName: 'Org default' });
    const orgDefault = await scalekit.role.updateDefaultOrganizationRoles(org, 'org_default');
    expect(orgDefault.defaultMember).toMatchObject({ name: 'org_default', defaultMember: true });

    await scalekit.role.deleteRoleBase(child);
    expect((await scalekit.role.getRole(child)).role.extends).toBeUndefined();
    await scalekit.role.createOrganizationRole(org, {
      name: 'kid',
      displayName: 'Kid',
      extends: 'org_default',
    });
    await scalekit.role.deleteOrganizationRoleBase(org, 'kid');
    expect((await scalekit.role.getOrganizationRole(org, 'kid')).role.extends).toBeUndefined();

    // child is the default member role: deleting it is refused until another takes its place.
    await expectError(scalekit.role.deleteRole(child), { status: 400, errorCode: 'FAILED_PRECONDITION' });
    await scalekit.role.updateDefaultRoles({ defaultMemberRole: base });
    await scalekit.role.deleteRole(child);
    await expectError(scalekit.role.getRole(child), { status: 404, errorCode: 'NOT_FOUND' });
  });

  it('manages permissions: every method of scalekit.permission', async () => {
    const s = unique();
    const created = await scalekit.permission.createPermission({
      name: `read:invoices_${s}`,
      description: 'Read',
    });
    expect(created.permission).toMatchObject({
      name: `read:invoices_${s}`,
      description: 'Read',
      isScalekitPermission: false,
    });
    expect(typeof created.permission.createTime).toBe('string');
    expect((await scalekit.permission.getPermission(`read:invoices_${s}`)).permission).toEqual(
      created.permission,
    );
    const updated = await scalekit.permission.updatePermission(`read:invoices_${s}`, {
      name: `read:invoices_${s}`,
      description: 'Reads invoices',
    });
    expect(updated.permission.description).toBe('Reads invoices');
    await scalekit.permission.createPermission({ name: `write:invoices_${s}` });

    const first = await scalekit.permission.listPermissions(undefined, 1);
    expect(first.permissions).toHaveLength(1);
    expect(first.totalSize).toBeGreaterThanOrEqual(2);
    const second = await scalekit.permission.listPermissions(first.nextPageToken, 1);
    expect(second.permissions[0]?.id).not.toBe(first.permissions[0]?.id);

    await scalekit.role.createRole({ name: `billing_${s}`, displayName: 'Billing' });
    await scalekit.role.createRole({
      name: `billing_admin_${s}`,
      displayName: 'Billing admin',
      extends: `billing_${s}`,
    });
    const added = await scalekit.permission.addPermissionsToRole(`billing_${s}`, [`read:invoices_${s}`]);
    expect(added.permissions.map((p) => p.name)).toEqual([`read:invoices_${s}`]);
    await scalekit.permission.addPermissionsToRole(`billing_admin_${s}`, [`write:invoices_${s}`]);
    expect(
      (await scalekit.permission.listRolePermissions(`billing_admin_${s}`)).permissions.map((p) => p.name),
    ).toEqual([`write:invoices_${s}`]);
    expect(
      (await scalekit.permission.listEffectiveRolePermissions(`billing_admin_${s}`)).permissions.map(
        (p) => p.name,
      ),
    ).toEqual([`read:invoices_${s}`, `write:invoices_${s}`]);
    await scalekit.permission.removePermissionFromRole(`billing_admin_${s}`, `write:invoices_${s}`);
    expect((await scalekit.permission.listRolePermissions(`billing_admin_${s}`)).permissions).toEqual([]);
    await scalekit.permission.deletePermission(`write:invoices_${s}`);
    await expectError(scalekit.permission.getPermission(`write:invoices_${s}`), {
      status: 404,
      errorCode: 'NOT_FOUND',
    });
  });

  it('refuses bad arguments before sending, and reports server refusals as GatehouseError', async () => {
    await expectError(scalekit.role.updateDefaultRoles({ defaultMemberRole: '' }), {
      status: 0,
      errorCode: 'INVALID_ARGUMENT',
    });
    await expectError(scalekit.role.listDependentRoles(''), { status: 0, errorCode: 'INVALID_ARGUMENT' });
    await expectError(scalekit.role.getRole(''), { status: 0, errorCode: 'INVALID_ARGUMENT' });
    await expectError(scalekit.role.getRole('..'), { status: 0, errorCode: 'INVALID_ARGUMENT' });
    await expectError(scalekit.permission.addPermissionsToRole('x', []), {
      status: 0,
      errorCode: 'INVALID_ARGUMENT',
    });
    await expectError(scalekit.role.createRole({ name: 'bad name', displayName: 'x' }), {
      status: 400,
      errorCode: 'INVALID_ARGUMENT',
    });
    // A name that would change the route if it were not encoded stays one path segment.
    await expectError(scalekit.role.getRole('a/../../organizations'), {
      status: 400,
      errorCode: 'INVALID_ARGUMENT',
    });
    await expectError(scalekit.permission.getPermission('x?y=1'), {
      status: 400,
      errorCode: 'INVALID_ARGUMENT',
    });
    const conflict = await expectError(
      scalekit.role
        .createRole({ name: 'dupe_sdk', displayName: 'x' })
        .then(() => scalekit.role.createRole({ name: 'dupe_sdk', displayName: 'x' })),
      { status: 409, errorCode: 'ALREADY_EXISTS' },
    );
    expect(conflict.message).toContain('dupe_sdk');
  });
});
