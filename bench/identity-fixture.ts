// The identity-at-scale fixture: an organization with 100,000 members, each holding the top role of
// a five-level inheritance chain (level1 extends level2 extends … level5, three permissions each).
// Roles and permissions are made over REST like an application would; the members are seeded
// straight into the database (identity-seed.ts).
import { createOrganization } from './api.ts';
import { seedMembers } from './identity-seed.ts';
import type { ServerProcess } from './server-process.ts';

export const MEMBERS = 100_000;
export const LEVELS = 5;
export const PERMISSIONS_PER_LEVEL = 3;

export interface IdentityFixture {
  organizationId: string;
  /** Member user ids in ascending order, the order ListOrganizationUsers pages through. */
  userIds: string[];
  /** The role every member holds: the bottom of the chain, inheriting from all the others. */
  roleId: string;
  /** A permission only the top of the chain grants, five levels away from the member's role. */
  deepestPermission: string;
}

async function post<T>(server: ServerProcess, token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`POST ${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const permissionName = (level: number, k: number) => `bench:level${level}:action${k}`;

/** Environment roles bench_level5 (the base) … bench_level1; returns bench_level1's id. */
async function createRoleChain(server: ServerProcess, token: string): Promise<string> {
  let roleId = '';
  for (let level = LEVELS; level >= 1; level--) {
    const permissions = Array.from({ length: PERMISSIONS_PER_LEVEL }, (_, k) => permissionName(level, k));
    for (const name of permissions) {
      await post(server, token, '/api/v1/permissions', { name, description: `level ${level}` });
    }
    const created = await post<{ role: { id: string } }>(server, token, '/api/v1/roles', {
      name: `bench_level${level}`,
      display_name: `Bench level ${level}`,
      extends: level < LEVELS ? `bench_level${level + 1}` : undefined,
      permissions,
    });
    roleId = created.role.id;
  }
  return roleId;
}

export async function createIdentityFixture(server: ServerProcess, token: string): Promise<IdentityFixture> {
  const organizationId = await createOrganization(server, token, 'bench identity at scale');
  const roleId = await createRoleChain(server, token);
  const started = performance.now();
  const userIds = await seedMembers({
    databaseUrl: server.databaseUrl,
    organizationId,
    roleId,
    members: MEMBERS,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`seeded ${MEMBERS} members in ${seconds} s\n`);
  return { organizationId, userIds, roleId, deepestPermission: permissionName(LEVELS, 0) };
}
