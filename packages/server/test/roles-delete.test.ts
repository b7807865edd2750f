// Deleting roles: members move to the reassignment role in the same transaction as the deletion;
// a role with members and no reassignment, with dependents, or serving as a default is refused; and
// a failure at any step — before or after members moved — leaves everything as it was.
import { Code } from '@connectrpc/connect';
import { ScalekitBadRequestException, ScalekitServerException, type Scalekit } from '@scalekit-sdk/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { refuseEvents } from './helpers/db.ts';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import {
  addMember,
  eventsOfType,
  memberRoleNames,
  newOrganization,
  newPermissions,
  roleId,
  rolesSnapshot,
} from './helpers/roles.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('deleting roles', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
  });
  const { notFound, refused } = sdkRefusals;
  const envRole = (name: string, permissions: string[] = []) =>
    sdk.role.createRole({ name, displayName: name, permissions } as never);
  const orgRole = (org: string, name: string) =>
    sdk.role.createOrganizationRole(org, { name, displayName: name, permissions: [] } as never);

  describe('with reassignment', () => {
    it('moves every member holding an environment role, across organizations, then deletes it', async () => {
      const s = unique();
      const [old, next] = [`old_${s}`, `next_${s}`];
      await newPermissions(ctx.server, ctx.token, [`old:perm_${s}`]);
      await envRole(old, [`old:perm_${s}`]);
      await envRole(next);
      const [orgA, orgB] = [
        await newOrganization(ctx.server, ctx.token),
        await newOrganization(ctx.server, ctx.token),
      ];
      const [oldId, nextId] = [await roleId(ctx.server, '', old), await roleId(ctx.server, '', next)];
      await orgRole(orgA, 'extra');
      const extraId = await roleId(ctx.server, orgA, 'extra');
      const members = [
        await addMember(ctx.server, orgA, [oldId]),
        await addMember(ctx.server, orgA, [oldId, extraId]),
        // Already holds the reassignment role: keeps it once.
        await addMember(ctx.server, orgB, [oldId, nextId]),
      ];
      const bystander = await addMember(ctx.server, orgB, [nextId]);

      await sdk.role.deleteRole(old, next);

      expect(await Promise.all(members.map((m) => memberRoleNames(ctx.server, m)))).toEqual([
        [next],
        ['extra', next].sort(),
        [next],
      ]);
      expect(await memberRoleNames(ctx.server, bystander)).toEqual([next]);
      const db = ctx.server.running.ctx.db;
      expect(await db.selectFrom('roles').select('id').where('id', '=', oldId).execute()).toEqual([]);
      expect(
        await db.selectFrom('role_permissions').select('role_id').where('role_id', '=', oldId).execute(),
      ).toEqual([]);
      expect((await sdk.role.getRoleUsersCount(next)).count).toBe(4n);
      const event = (await eventsOfType(ctx.server, 'role.deleted')).at(-1);
      expect(event).toMatchObject({
        organization_id: null,
        data: {
          role: { id: oldId, name: old, permissions: [`old:perm_${s}`] },
          reassigned_to: next,
          members_reassigned: 3,
        },
      });
    });

    it('moves the members of an organization role to an environment role, leaving other organizations alone', async () => {
      const s = unique();
      const [orgA, orgB] = [
        await newOrganization(ctx.server, ctx.token),
        await newOrganization(ctx.server, ctx.token),
      ];
      await envRole(`fallback_${s}`);
      await orgRole(orgA, 'lead');
      await orgRole(orgB, 'lead');
      const leadA = await roleId(ctx.server, orgA, 'lead');
      const leadB = await roleId(ctx.server, orgB, 'lead');
      const memberA = await addMember(ctx.server, orgA, [leadA]);
      const memberB = await addMember(ctx.server, orgB, [leadB]);

      await sdk.role.deleteOrganizationRole(orgA, 'lead', `fallback_${s}`);

      expect(await memberRoleNames(ctx.server, memberA)).toEqual([`fallback_${s}`]);
      expect(await memberRoleNames(ctx.server, memberB)).toEqual(['lead']);
      expect((await sdk.role.getOrganizationRole(orgB, 'lead')).role?.name).toBe('lead');
      const event = (await eventsOfType(ctx.server, 'role.deleted')).at(-1);
      expect(event).toMatchObject({
        organization_id: orgA,
        data: {
          role: { name: 'lead', is_org_role: true },
          reassigned_to: `fallback_${s}`,
          members_reassigned: 1,
        },
      });
    });

    it('deletes a role nobody holds without a reassignment', async () => {
      const name = `unused_${unique()}`;
      await envRole(name);
      await sdk.role.deleteRole(name);
      await notFound(sdk.role.getRole(name));
    });
  });

  describe('refusals, with nothing changed', () => {
    it('refuses deleting a role members hold when no reassignment is given', async () => {
      const name = `held_${unique()}`;
      await envRole(name);
      const org = await newOrganization(ctx.server, ctx.token);
      const member = await addMember(ctx.server, org, [await roleId(ctx.server, '', name)]);
      const before = await rolesSnapshot(ctx.server);
      const error = await refused(sdk.role.deleteRole(name));
      expect(error.message).toMatch(/1 member\(s\) hold role .*reassign_role_name/);
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
      expect(await memberRoleNames(ctx.server, member)).toEqual([name]);
    });

    it('refuses deleting a role other roles extend, naming them', async () => {
      const s = unique();
      await envRole(`parent_${s}`);
      await sdk.role.createRole({
        name: `kid_${s}`,
        displayName: 'kid',
        extends: `parent_${s}`,
        permissions: [],
      } as never);
      const org = await newOrganization(ctx.server, ctx.token);
      await sdk.role.createOrganizationRole(org, {
        name: 'org_kid',
        displayName: 'org kid',
        extends: `parent_${s}`,
        permissions: [],
      } as never);
      const before = await rolesSnapshot(ctx.server);
      const error = await refused(sdk.role.deleteRole(`parent_${s}`));
      expect(error.message).toContain(`kid_${s}`);
      expect(error.message).toContain('org_kid');
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });

    it('refuses deleting a default role', async () => {
      const name = `default_creator_${unique()}`;
      await envRole(name);
      await sdk.role.updateDefaultRoles({ defaultCreatorRole: name });
      const before = await rolesSnapshot(ctx.server);
      const error = await refused(sdk.role.deleteRole(name));
      expect(error.message).toMatch(/default creator role/);
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
    });

    it('refuses a reassignment role that does not exist, or that the role’s members could not hold', async () => {
      const s = unique();
      await envRole(`doomed_${s}`);
      const org = await newOrganization(ctx.server, ctx.token);
      await orgRole(org, 'org_only');
      const member = await addMember(ctx.server, org, [await roleId(ctx.server, '', `doomed_${s}`)]);
      const before = await rolesSnapshot(ctx.server);
      const missing = await notFound(sdk.role.deleteRole(`doomed_${s}`, `ghost_${s}`));
      expect(missing.message).toMatch(/reassign_role_name.*ghost/);
      // Members of every organization hold an environment role; one organization's role cannot replace it.
      await notFound(sdk.role.deleteRole(`doomed_${s}`, 'org_only'));
      await notFound(sdk.role.deleteOrganizationRole(org, 'org_only', `ghost_${s}`));
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
      expect(await memberRoleNames(ctx.server, member)).toEqual([`doomed_${s}`]);
    });

    it('waits for a grant of the role committing at the same moment, then refuses', async () => {
      const name = `contested_${unique()}`;
      await envRole(name);
      const id = await roleId(ctx.server, '', name);
      const org = await newOrganization(ctx.server, ctx.token);
      const member = await addMember(ctx.server, org, []);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let granted!: () => void;
      const grantWritten = new Promise<void>((resolve) => (granted = resolve));
      // Another request granting the role, still uncommitted when the deletion starts.
      const grant = ctx.server.running.ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('membership_roles').values({ membership_id: member, role_id: id }).execute();
        granted();
        await gate;
      });
      await grantWritten;
      const deletion = sdk.role.deleteRole(name).then(
        () => 'deleted',
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await grant;
      const outcome = await deletion;
      expect(outcome).toBeInstanceOf(ScalekitBadRequestException);
      expect((outcome as ScalekitBadRequestException).message).toMatch(/1 member\(s\) hold role/);
      expect(await memberRoleNames(ctx.server, member)).toEqual([name]);
    });

    it('rolls everything back when the transaction fails after the members moved', async () => {
      const s = unique();
      await envRole(`from_${s}`);
      await envRole(`to_${s}`);
      const org = await newOrganization(ctx.server, ctx.token);
      const members = [
        await addMember(ctx.server, org, [await roleId(ctx.server, '', `from_${s}`)]),
        await addMember(ctx.server, org, [await roleId(ctx.server, '', `from_${s}`)]),
      ];
      const before = await rolesSnapshot(ctx.server);
      // The event is the last write of the deletion, after the members were moved.
      await refuseEvents(ctx.server, engine, true);
      try {
        const error = await sdk.role.deleteRole(`from_${s}`, `to_${s}`).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ScalekitServerException);
        expect((error as ScalekitServerException).grpcStatus).toBe(Code.Internal);
      } finally {
        await refuseEvents(ctx.server, engine, false);
      }
      expect(await rolesSnapshot(ctx.server)).toEqual(before);
      for (const member of members) expect(await memberRoleNames(ctx.server, member)).toEqual([`from_${s}`]);
      // And the same request succeeds once nothing stands in its way.
      await sdk.role.deleteRole(`from_${s}`, `to_${s}`);
      for (const member of members) expect(await memberRoleNames(ctx.server, member)).toEqual([`to_${s}`]);
    });
  });
});
