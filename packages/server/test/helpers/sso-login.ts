// An organization signing in through SAML, for login tests: a SAML connection (configured for the
// samlify test IdP, enabled), the `sso` feature on, and a DNS-verified domain assigned to it; and
// the browser's trip through the IdP: AuthnRequest → signed response → POST to our ACS; and the
// set-up the SAML login tests share (samlLoginSteps), bound to the test file's server.
import { Scalekit } from '@scalekit-sdk/node';
import { VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { expect } from 'vitest';
import type { TestServer } from '../harness.ts';
import { CALLBACK } from './app-login.ts';
import { Browserish } from './login.ts';
import { rest } from './rest.ts';
import { selfSignedKeyPair } from './saml-certs.ts';
import { TestIdp, type ResponseContent, type SpDescription } from './saml-idp.ts';
import { unique, type ServerHandle } from './servers.ts';

export const ssoIdpKeys = selfSignedKeyPair('idp.example.test');

export interface SsoOrganization {
  organizationId: string;
  organizationName: string;
  connectionId: string;
  domain: string;
  idp: TestIdp;
  sp: SpDescription;
}

export async function ssoOrganization(
  server: TestServer,
  token: string,
  /** `idpEntityId`: where the IdP is (its SSO URL is `${idpEntityId}/sso`). */
  options: { jit?: boolean; sso?: boolean; idpEntityId?: string } = {},
): Promise<SsoOrganization> {
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await rest(server, method, path, { token, json });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const org = (await call('POST', '/api/v1/organizations', { display_name: `SSO ${unique()}` })).organization;
  await call('PATCH', `/api/v1/organizations/${org.id}/settings`, {
    features: [{ name: 'sso', enabled: options.sso ?? true }],
  });
  const idp = new TestIdp(options.idpEntityId ?? `https://idp-${unique()}.example.test`, ssoIdpKeys);
  const created = await call('POST', `/api/v1/organizations/${org.id}/connections`, {
    provider: 'OKTA',
    type: 'SAML',
  });
  const connectionId: string = created.connection.id;
  const path = `/api/v1/organizations/${org.id}/connections/${connectionId}`;
  const updated = await call('PATCH', path, {
    saml_config: {
      idp_entity_id: idp.entityId,
      idp_sso_url: idp.ssoUrl,
      idp_certificate: ssoIdpKeys.certificatePem,
      jit_provisioning_with_sso_enabled: options.jit ?? true,
      sync_user_profile_on_login: true,
    },
  });
  await call('PATCH', `${path}:enable`);
  const domain = await assignVerifiedDomain(server, token, org.id, connectionId);
  const saml = updated.connection.saml_config;
  return {
    organizationId: org.id,
    organizationName: org.display_name,
    connectionId,
    domain,
    idp,
    sp: { entityId: saml.sp_entity_id, acsUrl: saml.sp_assertion_url },
  };
}

/** A new domain of the organization, proven, and routed to the connection; returns its name. */
export async function assignVerifiedDomain(
  server: TestServer,
  token: string,
  organizationId: string,
  connectionId: string,
): Promise<string> {
  const domain = `corp-${unique()}.example.com`.toLowerCase();
  const made = await rest(server, 'POST', `/api/v1/organizations/${organizationId}/domains`, {
    token,
    json: { domain, domain_type: 'ORGANIZATION_DOMAIN' },
  });
  expect(made.status).toBe(200);
  // DNS proof is tested elsewhere (domains-verify.test.ts); here the domain is simply proven.
  await server.running.ctx.db
    .updateTable('domains')
    .set({ verification_status: VerificationStatus.VERIFIED })
    .where('id', '=', made.body.domain.id)
    .execute();
  const path = `/api/v1/organizations/${organizationId}/connections/${connectionId}/domains`;
  const assigned = await rest(server, 'PUT', path, { token, json: { domain_ids: [made.body.domain.id] } });
  expect(assigned.status).toBe(200);
  return domain;
}

/** The IdP's side of the trip: reads our AuthnRequest from the redirect and answers it, signed. */
export async function idpAnswer(
  org: SsoOrganization,
  idpRedirect: URL,
  content: Omit<ResponseContent, 'inResponseTo'>,
): Promise<{ SAMLResponse: string; RelayState: string }> {
  expect(`${idpRedirect.origin}${idpRedirect.pathname}`).toBe(org.idp.ssoUrl);
  const { parsed, relayState } = await org.idp.parseRequest(org.sp, idpRedirect.toString());
  const requestId = String((parsed.extract as { request: { id: string } }).request.id);
  const SAMLResponse = await org.idp.respond(org.sp, { ...content, inResponseTo: requestId });
  return { SAMLResponse, RelayState: relayState ?? '' };
}

/** Posts the IdP's answer to an ACS as the IdP's auto-submitting form would. */
export function postToAcs(
  browser: Browserish,
  acsUrl: string,
  form: { SAMLResponse: string; RelayState: string },
): Promise<Response> {
  return browser.post(new URL(acsUrl).pathname, form);
}

type AuthorizationOptions = NonNullable<Parameters<Scalekit['getAuthorizationUrl']>[1]>;

/**
 * The steps SAML login tests take against the file's server (read from `handle` when called, so it
 * can be made before the server starts): the official SDK, the connection's REST path, its SAML
 * settings and SP metadata, the application's authorization, and the trip to the IdP and back.
 */
export function samlLoginSteps(handle: ServerHandle) {
  let sdk: Scalekit | undefined;
  const scalekit = () =>
    (sdk ??= new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret));
  const connectionPath = (org: SsoOrganization) =>
    `/api/v1/organizations/${org.organizationId}/connections/${org.connectionId}`;
  return {
    scalekit,
    connectionPath,

    /** PATCHes the connection's saml_config; the answer as it is (tests check refusals too). */
    patchSaml: (org: SsoOrganization, samlConfig: Record<string, unknown>) =>
      rest(handle.server, 'PATCH', connectionPath(org), {
        token: handle.token,
        json: { saml_config: samlConfig },
      }),

    /** The connection's SP metadata document. */
    async metadataOf(org: SsoOrganization): Promise<string> {
      const res = await fetch(`${handle.server.url}/sso/saml/${org.connectionId}/metadata`);
      expect(res.status).toBe(200);
      return res.text();
    },

    /** The application's authorization URL (official SDK), state "s1". */
    authorize: (options: AuthorizationOptions) =>
      scalekit().getAuthorizationUrl(CALLBACK, {
        scopes: ['openid', 'profile', 'email'],
        state: 's1',
        ...options,
      }),

    /** From an authorization URL to the IdP: the browser and the IdP's URL with the AuthnRequest. */
    async toIdp(url: string, browser = new Browserish(handle.server.url)) {
      const { external } = await browser.follow(await browser.get(url));
      expect(external?.searchParams.get('SAMLRequest')).toBeTruthy();
      return { browser, idpUrl: external as URL };
    },

    /** Posts the IdP's answer to the ACS and follows to the application's callback; returns the code. */
    async throughAcs(
      browser: Browserish,
      org: SsoOrganization,
      form: { SAMLResponse: string; RelayState: string },
    ): Promise<string> {
      const posted = await postToAcs(browser, org.sp.acsUrl, form);
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toMatch(
        /^\/interaction\/[A-Za-z0-9_-]+\/sso\?result=[A-Za-z0-9_-]{43}$/,
      );
      const { external } = await browser.follow(posted);
      expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
      expect(external?.searchParams.get('state')).toBe('s1');
      return external?.searchParams.get('code') ?? '';
    },

    /** The email of the person a code from the callback signed in. */
    async signedInEmail(code: string): Promise<string> {
      return (await scalekit().authenticateWithCode(code, CALLBACK)).user.email;
    },
  };
}
