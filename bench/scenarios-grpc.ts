// GetOrganization and CreateOrganization over gRPC (HTTP/2 cleartext), through connect-node's gRPC
// transport: a few HTTP/2 sessions, many concurrent calls multiplexed over them.
import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { closedLoop } from './grpc-load.ts';
import type { Measurement } from './measurement.ts';
import type { ServerProcess } from './server-process.ts';

const CALL_TIMEOUT_MS = 10_000;

export interface GrpcLoadOptions {
  sessions: number;
  concurrency: number;
  durationMs: number;
}

type OrganizationClient = Client<typeof OrganizationService>;

/** Opens `sessions` HTTP/2 sessions, runs `body` with one client per session, then closes them. */
async function withClients<T>(
  server: ServerProcess,
  sessions: number,
  body: (clients: OrganizationClient[]) => Promise<T>,
): Promise<T> {
  const managers = Array.from({ length: sessions }, () => new Http2SessionManager(server.url));
  try {
    const clients = managers.map((sessionManager) =>
      createClient(
        OrganizationService,
        createGrpcTransport({
          baseUrl: server.url,
          sessionManager,
          defaultTimeoutMs: CALL_TIMEOUT_MS,
        }),
      ),
    );
    return await body(clients);
  } finally {
    for (const manager of managers) manager.abort();
  }
}

export function grpcGetOrganization(
  server: ServerProcess,
  token: string,
  organizationId: string,
  load: GrpcLoadOptions,
): Promise<Measurement> {
  const headers = { authorization: `Bearer ${token}` };
  return withClients(server, load.sessions, (clients) =>
    closedLoop(
      (n) =>
        clients[n % clients.length]!.getOrganization(
          { identities: { case: 'id', value: organizationId } },
          { headers },
        ),
      load,
    ),
  );
}

export function grpcCreateOrganization(
  server: ServerProcess,
  token: string,
  load: GrpcLoadOptions,
  label: string,
): Promise<Measurement> {
  const headers = { authorization: `Bearer ${token}` };
  return withClients(server, load.sessions, (clients) =>
    closedLoop(
      (n) =>
        clients[n % clients.length]!.createOrganization(
          { organization: { displayName: `bench ${label} ${n}` } },
          { headers },
        ),
      load,
    ),
  );
}
