// organizations.member_count, the maintained count behind ListOrganizationUsers' total_size: it must
// equal the real number of memberships after every kind of write — adds, removals, user deletions,
// races between them, and writes that fail and roll back — and nothing else may overwrite it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Code } from '@connectrpc/connect';
import type { Scalekit } from '@scalekit-sdk/node';
import { Migrator, sql, type Migration } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { Gatehouse } from '../../sdk/src/index.ts';
import { openStore } from '../src/store/database.ts';
import { newId } from '../src/store/ids.ts';
import { migrateToLatest } from '../src/store/migrations.ts';
import { initial } from '../src/store/migrations/0001-initial.ts';
import { identity } from '../src/store/migrations/0002-identity.ts';
import { webhooks } from '../src/store/migrations/0003-webhooks.ts';
import * as memberships from '../src/users/membership-store.ts';
import { freshDatabase, testEngines } from './harness.ts';
import { refuseEvents } from './helpers/db.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

const statusOf = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: { grpcStatus?: number }) => error.grpcStatus ?? 'thrown',
  );

describeEachEngine('organization member count', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let gh: Gatehouse;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
    gh = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
  });
  const db = () => ctx.server.running.ctx.db;
  const newOrg = async () =>
    (await sdk.organization.createOrganization(`Count ${unique()}`)).organization!.id;
  const newUser = async (orgId: string) =>
    (await sdk.user.createUserAndMembership(orgId, { email: `c.${unique()}@example.com` })).user!;

  async function memberCount(orgId: string): Promise<number> {
    const row = await db()
      .selectFrom('organizations')
      .select('member_count')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    return Number(row.member_count);
  }

  /** The column, the real count(*) and the API's total_size all agree on `expected`. */
  async function expectCount(orgId: string, expected: number): Promise<void> {
    const real = await db()
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('organization_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect({
      column: await memberCount(orgId),
      real: Number(real.n),
      totalSize: (await sdk.user.listOrganizationUsers(orgId, { pageSize: 1 })).totalSize,
    }).toEqual({ column: expected, real: expected, totalSize: expected });
  }

  const withEventsRefused = async (body: () => Promise<void>) => {
    await refuseEvents(ctx.server, engine, true);
    try {
      await body();
    } finally {
      await refuseEvents(ctx.server, engine, false);
    }
  };

  it('starts at zero and follows creates, membership deletes and user deletes', async () => {
    const org = await newOrg();
    const other = await newOrg();
    await expectCount(org, 0);
    const a = await newUser(org);
    const b = await newUser(org);
    const c = await newUser(other);
    await expectCount(org, 2);
    await sdk.user.createMembership(org, c.id);
    await expectCount(org, 3);
    await expectCount(other, 1);

    await sdk.user.deleteMembership(org, a.id);
    await expectCount(org, 2);
    // cascade: b has no other membership, so the user goes too — counted once.
    await gh.user.deleteMembership(org, b.id, { cascade: true });
    await expectCount(org, 1);

    // A user in two organizations leaves both counts when deleted.
    await sdk.user.deleteUser(c.id);
    await expectCount(org, 0);
    await expectCount(other, 0);
  });

  it('is not overwritten by organization updates or settings changes', async () => {
    const org = await newOrg();
    await newUser(org);
    await newUser(org);
    await sdk.organization.updateOrganization(org, { displayName: `Renamed ${unique()}` });
    await sdk.organization.upsertUserManagementSettings(org, { maxAllowedUsers: 10 });
    await expectCount(org, 2);
  });

  it('answers total_size from the column without a query, and counts matches with one', async () => {
    const org = await newOrg();
    const tag = unique();
    await sdk.user.createUserAndMembership(org, { email: `find.${tag}@example.com` });
    await newUser(org);
    await newUser(org);
    expect((await sdk.user.listOrganizationUsers(org, { pageSize: 1 })).totalSize).toBe(3);
    expect((await sdk.user.searchOrganizationUsers(org, `find.${tag}`)).totalSize).toBe(1);
  });

  it('is unchanged by writes that fail and roll back', async () => {
    const org = await newOrg();
    const other = await newOrg();
    const user = await newUser(org);
    const lone = await newUser(other);
    await withEventsRefused(async () => {
      // Each of these fails on its event, after the membership rows (and the count) were written.
      expect(
        await statusOf(sdk.user.createUserAndMembership(org, { email: `f.${unique()}@example.com` })),
      ).toBe(Code.Internal);
      expect(await statusOf(sdk.user.createMembership(org, lone.id))).toBe(Code.Internal);
      expect(await statusOf(sdk.user.deleteMembership(org, user.id))).toBe(Code.Internal);
      expect(await statusOf(sdk.user.deleteUser(user.id))).toBe(Code.Internal);
    });
    await expectCount(org, 1);
    await expectCount(other, 1);

    // And directly: a transaction that inserts a membership and then throws leaves no trace.
    await db()
      .transaction()
      .execute(async (trx) => {
        const now = new Date().toISOString();
        await memberships.insert(trx, {
          id: newId('mem'),
          organization_id: org,
          user_id: lone.id,
          status: 'active',
          metadata: '{}',
          inviter_email: null,
          created_at: now,
          updated_at: now,
        });
        expect(await memberCountIn(trx, org)).toBe(2);
        throw new Error('abort');
      })
      .catch(() => {});
    await expectCount(org, 1);
  });

  describe('races', () => {
    it('counts every one of many concurrent additions, new and existing users', async () => {
      const org = await newOrg();
      const home = await newOrg();
      const existing = await Promise.all(Array.from({ length: 10 }, () => newUser(home)));
      const results = await Promise.all([
        ...Array.from({ length: 15 }, () =>
          statusOf(sdk.user.createUserAndMembership(org, { email: `r.${unique()}@example.com` })),
        ),
        ...existing.map((u) => statusOf(sdk.user.createMembership(org, u.id))),
      ]);
      expect(results.every((r) => r === 'ok')).toBe(true);
      await expectCount(org, 25);
      await expectCount(home, 10);
    });

    it('counts a membership once when the same one is added or removed concurrently', async () => {
      const org = await newOrg();
      const home = await newOrg();
      const user = await newUser(home);
      const adds = await Promise.all(
        Array.from({ length: 8 }, () => statusOf(sdk.user.createMembership(org, user.id))),
      );
      expect(adds.filter((r) => r === 'ok')).toHaveLength(1);
      await expectCount(org, 1);
      await Promise.all(Array.from({ length: 8 }, () => statusOf(sdk.user.deleteMembership(org, user.id))));
      await expectCount(org, 0);
    });

    it('stays exact when users are deleted while their memberships are removed and added', async () => {
      const orgs = [await newOrg(), await newOrg(), await newOrg()];
      const users = await Promise.all(Array.from({ length: 6 }, () => newUser(orgs[0]!)));
      for (const user of users) {
        await sdk.user.createMembership(orgs[1]!, user.id);
        await sdk.user.createMembership(orgs[2]!, user.id);
      }
      const results = await Promise.all(
        users.flatMap((user, i) => [
          statusOf(sdk.user.deleteUser(user.id)),
          statusOf(sdk.user.deleteMembership(orgs[i % 3]!, user.id)),
          statusOf(sdk.user.createUserAndMembership(orgs[i % 3]!, { email: `n.${unique()}@example.com` })),
        ]),
      );
      // Every deletion of a user and every creation succeeds (the membership removals may find the
      // user already gone): the six original users are gone and the six new ones two per organization.
      expect(results.filter((_, i) => i % 3 !== 1).every((r) => r === 'ok')).toBe(true);
      for (const org of orgs) await expectCount(org, 2);
    });
  });
});

// The migration back-fills the column for organizations that had members before it.
for (const { engine, available } of testEngines()) {
  describe.skipIf(!available)(`migration 0004 back-fills member_count [${engine}]`, () => {
    it('counts the memberships that exist when it runs', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-count-'));
      const database = await freshDatabase(engine, dir);
      const store = openStore(database.url);
      try {
        const before: Record<string, Migration> = {
          '0001_initial': initial(engine),
          '0002_identity': identity(engine),
          '0003_webhooks': webhooks(engine),
        };
        const provider = { getMigrations: async () => before };
        const migrated = await new Migrator({ db: store.db, provider }).migrateToLatest();
        expect(migrated.error).toBeUndefined();
        const now = new Date().toISOString();
        const orgs = ['org_a', 'org_b', 'org_empty'];
        for (const id of orgs) {
          await sql`insert into organizations (id, display_name, created_at, updated_at)
            values (${id}, ${id}, ${now}, ${now})`.execute(store.db);
        }
        const members: [string, string][] = [
          ['org_a', 'u1'],
          ['org_a', 'u2'],
          ['org_a', 'u3'],
          ['org_b', 'u1'],
        ];
        for (const id of ['u1', 'u2', 'u3']) {
          await sql`insert into users (id, email, email_normalized, created_at, updated_at)
            values (${id}, ${id + '@example.com'}, ${id + '@example.com'}, ${now}, ${now})`.execute(store.db);
        }
        for (const [org, user] of members) {
          await sql`insert into memberships (id, organization_id, user_id, created_at, updated_at)
            values (${`mem_${org}_${user}`}, ${org}, ${user}, ${now}, ${now})`.execute(store.db);
        }
        await migrateToLatest(store.db, store.engine);
        const rows = await store.db
          .selectFrom('organizations')
          .select(['id', 'member_count'])
          .orderBy('id')
          .execute();
        expect(rows.map((r) => [r.id, Number(r.member_count)])).toEqual([
          ['org_a', 3],
          ['org_b', 1],
          ['org_empty', 0],
        ]);
      } finally {
        await store.close();
        await database.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

async function memberCountIn(trx: Parameters<typeof memberships.insert>[0], orgId: string): Promise<number> {
  const row = await trx
    .selectFrom('organizations')
    .select('member_count')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.member_count);
}
