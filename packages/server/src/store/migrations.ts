// Schema migrations, applied in order at start-up. Each one is written once and never edited after
// it lands: a change to the schema is a new migration. Only portable types, so both engines agree.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Engine } from './database.ts';
import { initial } from './migrations/0001-initial.ts';
import { identity } from './migrations/0002-identity.ts';
import { webhooks } from './migrations/0003-webhooks.ts';
import { memberCount } from './migrations/0004-member-count.ts';
import { clientClaims } from './migrations/0005-client-claims.ts';
import { credentials } from './migrations/0006-credentials.ts';
import { applications } from './migrations/0007-applications.ts';
import { sessions } from './migrations/0008-sessions.ts';
import { oidc } from './migrations/0009-oidc.ts';
import { connections } from './migrations/0010-connections.ts';
import { saml } from './migrations/0011-saml.ts';
import { ssoResults } from './migrations/0012-sso-results.ts';
import { idpSimulator } from './migrations/0013-idp-simulator.ts';
import { oidcFederation } from './migrations/0014-oidc-federation.ts';
import { userIdentities } from './migrations/0015-user-identities.ts';
import { connectionTests } from './migrations/0016-connection-tests.ts';
import { samlSpKeys } from './migrations/0017-saml-sp-keys.ts';
import { portalSessions } from './migrations/0018-portal-sessions.ts';

class InlineMigrations implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001_initial': initial(this.engine),
      '0002_identity': identity(this.engine),
      '0003_webhooks': webhooks(this.engine),
      '0004_member_count': memberCount(this.engine),
      '0005_client_claims': clientClaims(this.engine),
      '0006_credentials': credentials(this.engine),
      '0007_applications': applications(this.engine),
      '0008_sessions': sessions(this.engine),
      '0009_oidc': oidc(this.engine),
      '0010_connections': connections(this.engine),
      '0011_saml': saml(this.engine),
      '0012_sso_results': ssoResults(this.engine),
      '0013_idp_simulator': idpSimulator(this.engine),
      '0014_oidc_federation': oidcFederation(this.engine),
      '0015_user_identities': userIdentities(this.engine),
      '0016_connection_tests': connectionTests(this.engine),
      '0017_saml_sp_keys': samlSpKeys(this.engine),
      '0018_portal_sessions': portalSessions(this.engine),
    };
  }
}

export async function migrateToLatest(db: Kysely<any>, engine: Engine): Promise<void> {
  const migrator = new Migrator({ db, provider: new InlineMigrations(engine) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** True when every known migration has been applied (used by /readyz). */
export async function migrationsApplied(db: Kysely<any>, engine: Engine): Promise<boolean> {
  const migrator = new Migrator({ db, provider: new InlineMigrations(engine) });
  const list = await migrator.getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}

export { sql };
