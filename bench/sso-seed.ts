// The organization the SSO round-trip benchmark signs people into: the `sso` feature on, a SAML
// connection to the benchmark IdP (JIT provisioning on), enabled, and a domain for the people's
// addresses. The domain is marked verified straight in the server's database: DNS proof is not what
// is measured (as in the tests).
import { VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CALLBACK, api } from './login-seed.ts';
import type { ServerProcess } from './server-process.ts';
import type { BenchIdp, BenchSp } from './sso-idp.ts';

export interface SsoOrganization {
  organizationId: string;
  domain: string;
  sp: BenchSp;
}

export async function seedSsoOrganization(
  server: ServerProcess,
  token: string,
  idp: BenchIdp,
): Promise<SsoOrganization> {
  await api(server, token, 'PATCH', `/api/v1/clients/${server.clientId}`, { post_login_uris: [CALLBACK] });
  const org = (await api(server, token, 'POST', '/api/v1/organizations', { display_name: 'bench SSO' }))
    .organization;
  await api(server, token, 'PATCH', `/api/v1/organizations/${org.id}/settings`, {
    features: [{ name: 'sso', enabled: true }],
  });
  const created = await api(server, token, 'POST', `/api/v1/organizations/${org.id}/connections`, {
    provider: 'OKTA',
    type: 'SAML',
  });
  const path = `/api/v1/organizations/${org.id}/connections/${created.connection.id}`;
  const updated = await api(server, token, 'PATCH', path, {
    saml_config: {
      idp_entity_id: idp.entityId,
      idp_sso_url: idp.ssoUrl,
      idp_certificate: idp.keys.certificatePem,
      jit_provisioning_with_sso_enabled: true,
      sync_user_profile_on_login: true,
    },
  });
  await api(server, token, 'PATCH', `${path}:enable`);
  const domain = `bench-${Date.now()}.example.com`;
  const made = await api(server, token, 'POST', `/api/v1/organizations/${org.id}/domains`, {
    domain,
    domain_type: 'ORGANIZATION_DOMAIN',
  });
  await markVerified(server.databaseUrl, made.domain.id);
  await api(server, token, 'PUT', `${path}/domains`, { domain_ids: [made.domain.id] });
  const saml = updated.connection.saml_config;
  return {
    organizationId: org.id,
    domain,
    sp: { entityId: saml.sp_entity_id, acsUrl: saml.sp_assertion_url },
  };
}

async function markVerified(databaseUrl: string, domainId: string): Promise<void> {
  const verified = VerificationStatus.VERIFIED;
  if (/^postgres/.test(databaseUrl)) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('update domains set verification_status = $1 where id = $2', [verified, domainId]);
    await client.end();
  } else {
    const db = new SqliteDatabase(databaseUrl);
    db.pragma('busy_timeout = 5000');
    db.prepare('update domains set verification_status = ? where id = ?').run(verified, domainId);
    db.close();
  }
}
