// The identity-at-scale rows of the scenario table, for one engine: a page of 100 members at the
// start, middle and end of the 100,000, and the permission check (see scenarios-identity.ts).
import { inProcessCheck } from './identity-check.ts';
import type { Scenario, Target } from './scenarios.ts';
import {
  membersPage,
  permissionCheck,
  type IdentityScenario,
  type PagePosition,
} from './scenarios-identity.ts';

const fixed = (value: number, digits: number) => value.toFixed(digits);

export function identityScenarios(keyPrefix: string, engine: string, connections: number): Scenario[] {
  const common = { section: 'identity' as const, setup: async (t: Target) => void (await t.identity()) };
  const pages = (['first', 'middle', 'last'] as PagePosition[]).map((position) => {
    const make = async (t: Target) =>
      membersPage(t.server, t.token, await t.identity(), position, connections);
    return scenario(
      { ...common, key: `${keyPrefix}members-page-${position}`, group: 'members-page' },
      `ListOrganizationUsers, ${position} page of 100 (${engine})`,
      make,
    );
  });
  const check = scenario(
    { ...common, key: `${keyPrefix}permission-check`, group: 'permission-check' },
    `ListUserPermissions, random member, 5 levels (${engine})`,
    async (t) => permissionCheck(t.server, t.token, await t.identity(), connections),
    async (t) => {
      const c = await inProcessCheck(t.server.databaseUrl, await t.identity());
      return [
        `In process (${engine}): rolesGrant with a warm cache p50 ${fixed(c.grantP50Us, 2)} µs, ` +
          `p99 ${fixed(c.grantP99Us, 2)} µs; the whole check for a random member (membership, ` +
          `its roles, rolesGrant) p50 ${fixed(c.memberP50Us, 0)} µs, p99 ${fixed(c.memberP99Us, 0)} µs.`,
      ];
    },
  );
  return [...pages, check];
}

function scenario(
  base: Pick<Scenario, 'key' | 'group' | 'section' | 'setup'>,
  name: string,
  make: (t: Target) => Promise<IdentityScenario>,
  notes: (t: Target) => Promise<string[]> = async () => [],
): Scenario {
  return {
    ...base,
    name,
    run: async (t, seconds) => (await make(t)).load(seconds),
    sequential: async (t, seconds) => ({
      measurement: await (await make(t)).sequential(seconds),
      notes: await notes(t),
    }),
  };
}
