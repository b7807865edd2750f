// A fresh environment has the `admin` and `member` roles, so documented calls that name them work.
import { Scalekit } from '@scalekit-sdk/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testEngines, type TestServer } from './harness.ts';

for (const { engine, available } of testEngines()) {
  describe.skipIf(!available)(`default roles on ${engine}`, () => {
    let server: TestServer;
    let scalekit: Scalekit;

    beforeAll(async () => {
      server = await startTestServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
      scalekit = new Scalekit(server.url, server.clientId, server.clientSecret);
    });
    afterAll(() => server.close());

    it('seeds admin (default creator) and member (default member) once, with events', async () => {
      const { roles } = await scalekit.role.listRoles();
      const byName = new Map(roles.map((r) => [r.name, r]));
      expect(byName.get('admin')?.defaultCreator).toBe(true);
      expect(byName.get('member')?.defaultMember).toBe(true);
      const events = await server.running.ctx.db
        .selectFrom('events')
        .select('type')
        .where('type', '=', 'role.created')
        .execute();
      expect(events).toHaveLength(2);
    });

    it('lets the documented createMembership with roles ["admin"] work, and gives new members "member"', async () => {
      const { organization } = await scalekit.organization.createOrganization('Acme', {
        externalId: `acme-${engine}`,
      });
      const orgId = organization!.id;
      const { user } = await scalekit.user.createUserAndMembership(orgId, {
        email: `first-${engine}@acme.test`,
      });
      expect(user!.memberships[0]!.roles.map((r) => r.name)).toEqual(['member']);
      const other = await scalekit.organization.createOrganization('Other', {});
      const created = await scalekit.user.createMembership(other.organization!.id, user!.id, {
        roles: ['admin'],
        metadata: { department: 'engineering', location: 'nyc-office' },
      });
      const membership = created.user!.memberships.find((m) => m.organizationId === other.organization!.id);
      expect(membership!.roles.map((r) => r.name)).toEqual(['admin']);
    });

    it('does not seed again on restart', async () => {
      const again = await startTestServer(
        engine,
        { GATEHOUSE_SEED_DEFAULT_ROLES: 'true', GATEHOUSE_PUBLIC_URL: server.running.url },
        { databaseUrl: server.databaseUrl, dataDir: server.dataDir },
      );
      await again.close();
      const rows = await server.running.ctx.db
        .selectFrom('roles')
        .select('name')
        .where('scope', '=', '')
        .execute();
      expect(rows.map((r) => r.name).sort()).toEqual(['admin', 'member']);
    });
  });
}
