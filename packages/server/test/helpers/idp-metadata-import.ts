// Set-up shared by the IdP metadata import tests (saml-idp-metadata.test.ts and
// saml-idp-metadata-refresh.test.ts): a metadata server loaded with the vendor fixtures, a fresh
// SAML connection per test, and a snapshot of a connection (as the API shows it, with its count of
// update events) to prove that a refusal changed nothing.
import { expect } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { fixture, startMetadataServer, type MetadataServer } from './idp-metadata-docs.ts';
import { rest } from './rest.ts';
import { unique, type ServerHandle } from './servers.ts';

/** A metadata server answering /okta.xml, /entra-id.xml and /google.xml with the fixtures. */
export async function startFixtureMetadataServer(): Promise<MetadataServer> {
  const metadata = await startMetadataServer();
  metadata.answers.set('/okta.xml', { status: 200, body: fixture('okta') });
  metadata.answers.set('/entra-id.xml', { status: 200, body: fixture('entra-id') });
  metadata.answers.set('/google.xml', { status: 200, body: fixture('google') });
  return metadata;
}

/** What the tests do on `handle`'s server: its context, REST calls with its token, new SAML
 *  connections, the update events of a connection and snapshots. */
export function metadataImportCalls(handle: ServerHandle) {
  const app = (): AppContext => handle.server.running.ctx;
  const call = (method: string, path: string, json?: unknown) =>
    rest(handle.server, method, path, { token: handle.token, json });

  async function samlConnection(): Promise<{ orgId: string; id: string; path: string }> {
    const org = await call('POST', '/api/v1/organizations', { display_name: `Metadata ${unique()}` });
    const orgId: string = org.body.organization.id;
    const created = await call('POST', `/api/v1/organizations/${orgId}/connections`, {
      provider: 'OKTA',
      type: 'SAML',
    });
    const id: string = created.body.connection.id;
    return { orgId, id, path: `/api/v1/organizations/${orgId}/connections/${id}` };
  }

  const updateEvents = async (connectionId: string) =>
    (
      await app()
        .db.selectFrom('events')
        .select('data')
        .where('type', '=', 'organization.sso_updated')
        .execute()
    )
      .map((r) => JSON.parse(r.data))
      .filter((d) => d.connection?.id === connectionId);

  /** The connection as the API shows it, and the number of update events it has had. */
  async function snapshot(path: string, connectionId: string) {
    const got = await call('GET', path);
    expect(got.status).toBe(200);
    return { connection: got.body.connection, events: (await updateEvents(connectionId)).length };
  }

  return { app, call, samlConnection, updateEvents, snapshot };
}
