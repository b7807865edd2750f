// The scenario table: each scenario's key (for BENCH_ONLY), its name in the report, and how it loads
// a running server.
import type { IdentityFixture } from './identity-fixture.ts';
import type { Measurement } from './measurement.ts';
import type { Options } from './options.ts';
import { grpcCreateOrganization, grpcGetOrganization } from './scenarios-grpc.ts';
import { identityScenarios } from './scenarios-identity-table.ts';
import { restCreateOrganization, restGetOrganization, tokenEndpoint } from './scenarios-rest.ts';
import type { ServerProcess } from './server-process.ts';

export interface Target {
  server: ServerProcess;
  token: string;
  /** An organization that exists, for the reads. */
  organizationId: string;
  /** The 100,000-member organization, seeded on first use (once per server). */
  identity(): Promise<IdentityFixture>;
}

export interface Scenario {
  key: string;
  name: string;
  /** Another key BENCH_ONLY selects it by (e.g. `members-page` for every page scenario). */
  group?: string;
  /** 'identity' scenarios are reported in their own table (docs: "Identity at scale"). */
  section?: 'identity';
  /** Runs before the warm-up, unmeasured (e.g. seeding). */
  setup?(target: Target): Promise<void>;
  /** Loads the target for `seconds`; `label` keeps created names unique across runs. */
  run(target: Target, seconds: number, label: string): Promise<Measurement>;
  /** After the loaded window: one request at a time for `seconds`, plus any notes for the report. */
  sequential?(target: Target, seconds: number): Promise<{ measurement: Measurement; notes: string[] }>;
}

export function scenarios(options: Options): { sqlite: Scenario[]; postgres: Scenario[] } {
  const http = (seconds: number) => ({ connections: options.connections, durationSeconds: seconds });
  const grpc = (seconds: number) => ({
    sessions: options.grpcSessions,
    concurrency: options.connections,
    durationMs: seconds * 1000,
  });
  const restGet = (t: Target, sec: number) =>
    restGetOrganization(t.server, t.token, t.organizationId, http(sec));
  return {
    sqlite: [
      {
        key: 'token',
        name: 'POST /oauth/token (client_credentials)',
        run: (t, sec) => tokenEndpoint(t.server, http(sec)),
      },
      { key: 'rest-get', name: 'REST GET organization (SQLite)', run: restGet },
      {
        key: 'rest-create',
        name: 'REST POST organization (SQLite)',
        run: (t, sec, label) => restCreateOrganization(t.server, t.token, http(sec), label),
      },
      {
        key: 'grpc-get',
        name: 'gRPC GetOrganization (SQLite)',
        run: (t, sec) => grpcGetOrganization(t.server, t.token, t.organizationId, grpc(sec)),
      },
      {
        key: 'grpc-create',
        name: 'gRPC CreateOrganization (SQLite)',
        run: (t, sec, label) => grpcCreateOrganization(t.server, t.token, grpc(sec), label),
      },
      ...identityScenarios('', 'SQLite', options.connections),
    ],
    postgres: [
      { key: 'pg-get', name: 'REST GET organization (PostgreSQL)', run: restGet },
      ...identityScenarios('pg-', 'PostgreSQL', options.connections),
    ],
  };
}
