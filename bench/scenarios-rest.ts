// The HTTP/1.1 scenarios, driven by autocannon: the token endpoint, and organization GET and POST
// over REST.
import autocannon from 'autocannon';
import { tokenForm } from './api.ts';
import type { Measurement } from './measurement.ts';
import type { ServerProcess } from './server-process.ts';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

async function measure(options: autocannon.Options): Promise<Measurement> {
  const result = await autocannon({ timeout: 10, ...options });
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors,
    total: result['2xx'] + errors,
  };
}

/** POST /oauth/token, client_credentials with client_secret_post (form body). */
export function tokenEndpoint(server: ServerProcess, load: LoadOptions): Promise<Measurement> {
  return measure({
    url: `${server.url}/oauth/token`,
    connections: load.connections,
    duration: load.durationSeconds,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenForm(server),
  });
}

/** GET /api/v1/organizations/{id} with a Bearer token. */
export function restGetOrganization(
  server: ServerProcess,
  token: string,
  organizationId: string,
  load: LoadOptions,
): Promise<Measurement> {
  return measure({
    url: `${server.url}/api/v1/organizations/${organizationId}`,
    connections: load.connections,
    duration: load.durationSeconds,
    headers: { authorization: `Bearer ${token}` },
  });
}

/** POST /api/v1/organizations, a unique display name per request, no external_id. */
export function restCreateOrganization(
  server: ServerProcess,
  token: string,
  load: LoadOptions,
  label: string,
): Promise<Measurement> {
  let n = 0;
  return measure({
    url: `${server.url}/api/v1/organizations`,
    connections: load.connections,
    duration: load.durationSeconds,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ display_name: `bench ${label} ${++n}` }),
        }),
      },
    ],
  });
}
