// The few plain HTTP calls the benchmark makes outside the measured windows: a token, and an
// organization to read.
import type { ServerProcess } from './server-process.ts';

export function tokenForm(server: Pick<ServerProcess, 'clientId' | 'clientSecret'>): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: server.clientId,
    client_secret: server.clientSecret,
  }).toString();
}

export async function getToken(server: ServerProcess): Promise<string> {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenForm(server),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Creates one organization over REST and returns its id. */
export async function createOrganization(
  server: ServerProcess,
  token: string,
  name: string,
): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/organizations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ display_name: name }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`create organization failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { organization: { id: string } }).organization.id;
}
