// Two things the identity scenarios need besides load: a check that the seeded organization reads
// back as intended (so a fast number is never the speed of an empty or wrong answer), and the
// in-process cost of the permission check itself, without HTTP: the server's own store and
// permission cache, opened by this process on the same database.
import { openStore } from '../packages/server/src/store/database.ts';
import { rolesGrant } from '../packages/server/src/roles/permission-cache.ts';
import * as memberships from '../packages/server/src/users/membership-store.ts';
import { LEVELS, PERMISSIONS_PER_LEVEL, type IdentityFixture } from './identity-fixture.ts';
import { quantile } from './measurement.ts';
import { membersPagePath, PAGE_SIZE, type PagePosition } from './scenarios-identity.ts';
import type { ServerProcess } from './server-process.ts';

async function getJson<T>(server: ServerProcess, token: string, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface MembersPage {
  users: { id: string; memberships?: { permissions?: string[] }[] }[];
  total_size: number;
}

/** Throws unless each page position holds the right 100 members with their inherited permissions. */
export async function verifyFixture(server: ServerProcess, token: string, f: IdentityFixture): Promise<void> {
  const expected = LEVELS * PERMISSIONS_PER_LEVEL;
  const firstOf: Record<PagePosition, number> = {
    first: 0,
    middle: f.userIds.length / 2,
    last: f.userIds.length - PAGE_SIZE,
  };
  for (const [position, offset] of Object.entries(firstOf)) {
    const page = await getJson<MembersPage>(server, token, membersPagePath(f, position as PagePosition));
    const permissions = page.users[0]?.memberships?.[0]?.permissions ?? [];
    if (
      page.users.length !== PAGE_SIZE ||
      page.total_size !== f.userIds.length ||
      page.users[0]?.id !== f.userIds[offset] ||
      permissions.length !== expected
    ) {
      throw new Error(
        `the ${position} page is not what was seeded: ${page.users.length} users, ` +
          `total ${page.total_size}, first ${page.users[0]?.id}, ${permissions.length} permissions`,
      );
    }
  }
  const path = `/api/v1/organizations/${f.organizationId}/users/${f.userIds[0]}/permissions`;
  const { permissions } = await getJson<{ permissions: { name: string }[] }>(server, token, path);
  if (permissions.length !== expected || !permissions.some((p) => p.name === f.deepestPermission)) {
    throw new Error(`ListUserPermissions returned ${permissions.length} permissions, not ${expected}`);
  }
}

export interface InProcessCheck {
  /** rolesGrant on the member's role, warm cache: µs per call. */
  grantP50Us: number;
  grantP99Us: number;
  /** The whole check for a random member: membership, its roles, then rolesGrant — µs per call. */
  memberP50Us: number;
  memberP99Us: number;
}

function timeEach(count: number, call: (i: number) => Promise<unknown>): Promise<Float64Array> {
  const times = new Float64Array(count);
  return (async () => {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await call(i);
      times[i] = (performance.now() - t0) * 1000;
    }
    return times.sort();
  })();
}

/** Times the permission check in this process against the server's database (the server idles). */
export async function inProcessCheck(databaseUrl: string, f: IdentityFixture): Promise<InProcessCheck> {
  const store = openStore(databaseUrl);
  const ctx = { db: store.db };
  try {
    const grant = async () => {
      if (!(await rolesGrant(ctx, [f.roleId], f.deepestPermission))) throw new Error('not granted');
    };
    const member = async () => {
      const userId = f.userIds[Math.floor(Math.random() * f.userIds.length)] as string;
      const membership = await memberships.find(store.db, f.organizationId, userId);
      if (!membership) throw new Error(`${userId} is not a member`);
      const roles = await memberships.rolesOf(store.db, [membership.id]);
      if (
        !(await rolesGrant(
          ctx,
          roles.map((r) => r.id),
          f.deepestPermission,
        ))
      )
        throw new Error('not granted');
    };
    // Warm the cache and the JIT, then measure.
    await timeEach(2_000, grant);
    await timeEach(2_000, member);
    const grants = await timeEach(100_000, grant);
    const members = await timeEach(10_000, member);
    return {
      grantP50Us: quantile(grants, 0.5),
      grantP99Us: quantile(grants, 0.99),
      memberP50Us: quantile(members, 0.5),
      memberP99Us: quantile(members, 0.99),
    };
  } finally {
    await store.close();
  }
}
