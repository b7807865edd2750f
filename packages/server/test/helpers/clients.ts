// Test helpers for API clients: client-credentials token requests as any client makes them, REST
// calls on the environment-client routes, and reads of the client.* events.
import { expect } from 'vitest';
import type { TestServer } from '../harness.ts';
import { camelKeys, restCaller } from './rest.ts';

export interface TokenAnswer {
  status: number;
  body: { access_token?: string; scope?: string; error?: string };
}

/** POST /oauth/token with client_secret_post; the status and body, whatever they are. */
export async function tokenFor(url: string, clientId: string, secret: string): Promise<TokenAnswer> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  return { status: res.status, body: (await res.json()) as TokenAnswer['body'] };
}

/** The environment-client events about one client, oldest first, with their data parsed. */
export async function clientEvents(server: TestServer, clientId: string) {
  const rows = await server.running.ctx.db
    .selectFrom('events')
    .select(['type', 'organization_id', 'object', 'data'])
    .where('type', 'like', 'client.%')
    .orderBy('seq')
    .execute();
  return rows
    .map((row) => ({ ...row, data: JSON.parse(row.data) as { client: Record<string, unknown> } }))
    .filter((row) => row.data.client.client_id === clientId);
}

/**
 * restCaller for routes answering the contract's `Client` message: `ok` insists on proto names as
 * restCaller's does, except for the one field the contract itself names in camelCase, `keyId`.
 */
export function applicationRest(handle: { server: Pick<TestServer, 'url'>; token: string }) {
  const { call } = restCaller(handle);
  const ok = async (method: string, path: string, json?: unknown) => {
    const res = await call(method, path, json);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(camelKeys(res.body).filter((p) => !p.endsWith('.keyId'))).toEqual([]);
    return res.body;
  };
  return { call, ok };
}
