// Identity at scale over REST: a page of 100 members of the 100,000-member organization, at the
// start, middle and end of the list, and a member's effective permissions (ListUserPermissions,
// five levels of inheritance, warm cache) for random members. Each is measured twice: under load
// (autocannon) for throughput, and one request at a time for the latency a single caller sees —
// autocannon reports whole milliseconds, too coarse for a 1 ms target.
import autocannon from 'autocannon';
import { closedLoop } from './grpc-load.ts';
import type { IdentityFixture } from './identity-fixture.ts';
import type { Measurement } from './measurement.ts';
import type { LoadOptions } from './scenarios-rest.ts';
import type { ServerProcess } from './server-process.ts';

export const PAGE_SIZE = 100;

export type PagePosition = 'first' | 'middle' | 'last';

/** Offset of the first member on the page. */
function pageOffset(position: PagePosition, members: number): number {
  if (position === 'first') return 0;
  if (position === 'middle') return Math.floor(members / 2);
  return members - PAGE_SIZE;
}

/**
 * The page_token that starts a page at `offset`, made as the server makes it (util/page-token.ts:
 * base64url of "n:<last key of the previous page>"; member lists are keyed by user id), so the
 * middle and the end are reached without walking 500 pages first.
 */
export function pageToken(userIds: readonly string[], offset: number): string {
  if (offset === 0) return '';
  return Buffer.from(`n:${userIds[offset - 1]}`, 'utf8').toString('base64url');
}

export function membersPagePath(fixture: IdentityFixture, position: PagePosition): string {
  const token = pageToken(fixture.userIds, pageOffset(position, fixture.userIds.length));
  const query = new URLSearchParams({ page_size: String(PAGE_SIZE) });
  if (token) query.set('page_token', token);
  return `/api/v1/organizations/${fixture.organizationId}/users?${query}`;
}

function randomMemberPermissionsPath(fixture: IdentityFixture): string {
  const userId = fixture.userIds[Math.floor(Math.random() * fixture.userIds.length)];
  return `/api/v1/organizations/${fixture.organizationId}/users/${userId}/permissions`;
}

async function underLoad(
  server: ServerProcess,
  token: string,
  path: () => string,
  load: LoadOptions,
): Promise<Measurement> {
  const result = await autocannon({
    url: server.url,
    timeout: 10,
    connections: load.connections,
    duration: load.durationSeconds,
    requests: [
      {
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        setupRequest: (request) => ({ ...request, path: path() }),
      },
    ],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors,
    total: result['2xx'] + errors,
  };
}

/** One request in flight at a time for `seconds`; a non-200 answer counts as an error. */
function oneAtATime(server: ServerProcess, token: string, path: () => string, seconds: number) {
  const headers = { authorization: `Bearer ${token}` };
  return closedLoop(
    async () => {
      const res = await fetch(`${server.url}${path()}`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`status ${res.status}`);
    },
    { concurrency: 1, durationMs: seconds * 1000 },
  );
}

export interface IdentityScenario {
  load(seconds: number): Promise<Measurement>;
  sequential(seconds: number): Promise<Measurement>;
}

export function membersPage(
  server: ServerProcess,
  token: string,
  fixture: IdentityFixture,
  position: PagePosition,
  connections: number,
): IdentityScenario {
  const path = () => membersPagePath(fixture, position);
  return {
    load: (seconds) => underLoad(server, token, path, { connections, durationSeconds: seconds }),
    sequential: (seconds) => oneAtATime(server, token, path, seconds),
  };
}

export function permissionCheck(
  server: ServerProcess,
  token: string,
  fixture: IdentityFixture,
  connections: number,
): IdentityScenario {
  const path = () => randomMemberPermissionsPath(fixture);
  return {
    load: (seconds) => underLoad(server, token, path, { connections, durationSeconds: seconds }),
    sequential: (seconds) => oneAtATime(server, token, path, seconds),
  };
}
