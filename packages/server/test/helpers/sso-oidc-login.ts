// An organization signing in through OIDC, for login tests: an OIDC connection configured for a
// second, independent oidc-provider acting as the organization's IdP, enabled, the `sso` feature on
// and a DNS-verified domain assigned to it.
import { VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { TestServer } from '../harness.ts';
import { startOidcIdp, type TestOidcIdp } from './oidc-idp.ts';
import { rest } from './rest.ts';
import { unique } from './servers.ts';

export interface OidcOrganization {
  organizationId: string;
  connectionId: string;
  /** The connection's REST path, for :enable / :disable and updates. */
  connectionPath: string;
  domain: string;
  idp: TestOidcIdp;
  /** Our callback the IdP redirects to (the connection's redirect_uri). */
  redirectUri: string;
}

export async function oidcOrganization(
  server: TestServer,
  token: string,
  options: { jit?: boolean } = {},
): Promise<OidcOrganization> {
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await rest(server, method, path, { token, json });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const org = (await call('POST', '/api/v1/organizations', { display_name: `OIDC ${unique()}` }))
    .organization;
  await call('PATCH', `/api/v1/organizations/${org.id}/settings`, {
    features: [{ name: 'sso', enabled: true }],
  });
  const created = await call('POST', `/api/v1/organizations/${org.id}/connections`, {
    provider: 'OKTA',
    type: 'OIDC',
  });
  const connectionId: string = created.connection.id;
  const connectionPath = `/api/v1/organizations/${org.id}/connections/${connectionId}`;
  const redirectUri: string = created.connection.oidc_config.redirect_uri;
  const idp = await startOidcIdp({ redirectUri });
  await call('PATCH', connectionPath, {
    oidc_config: {
      issuer: idp.issuer,
      client_id: idp.clientId,
      client_secret: idp.clientSecret,
      jit_provisioning_with_sso_enabled: options.jit ?? true,
      sync_user_profile_on_login: true,
    },
  });
  await call('PATCH', `${connectionPath}:enable`);
  const domain = `oidc-${unique()}.example.com`.toLowerCase();
  const made = await call('POST', `/api/v1/organizations/${org.id}/domains`, {
    domain,
    domain_type: 'ORGANIZATION_DOMAIN',
  });
  // DNS proof is tested elsewhere (domains-verify.test.ts); here the domain is simply proven.
  await server.running.ctx.db
    .updateTable('domains')
    .set({ verification_status: VerificationStatus.VERIFIED })
    .where('id', '=', made.domain.id)
    .execute();
  await call('PUT', `${connectionPath}/domains`, { domain_ids: [made.domain.id] });
  return { organizationId: org.id, connectionId, connectionPath, domain, idp, redirectUri };
}
