// SSO connections over REST and gRPC: environment-level connections, OIDC secrets sealed and never
// echoed, SAML certificates parsed and rolled over, SP metadata served as real XML, domain
// assignment, search — and the bad input each of them must refuse.
import { Code, createClient } from '@connectrpc/connect';
import {
  ConnectionService,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { DOMParser } from '@xmldom/xmldom';
import { expect, it } from 'vitest';
import { authorizedTransport, expectConnectError } from './helpers/grpc.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { selfSignedCertificate } from './helpers/x509.ts';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';

describeEachEngine('SSO connections (REST and gRPC)', (engine) => {
  const ctx = useServer(engine);
  const call = (method: string, path: string, json?: unknown) =>
    rest(ctx.server, method, path, { token: ctx.token, json });
  const newOrg = async () =>
    (await officialClient(ctx.server).organization.createOrganization(`Corp ${unique()}`)).organization!;
  const newSaml = async (orgId: string, provider = 'OKTA') => {
    const res = await call('POST', `/api/v1/organizations/${orgId}/connections`, { provider, type: 'SAML' });
    expect(res.status).toBe(200);
    return res.body.connection;
  };

  it('stores an OIDC client secret sealed and never returns it', async () => {
    const secret = `s3cret-${unique()}-${unique()}`;
    const created = await call('POST', '/api/v1/connections', { provider: 'MICROSOFT_AD', type: 'OIDC' });
    expect(created.status).toBe(200);
    const id = created.body.connection.id;
    expect(created.body.connection.organization_id).toBeUndefined();
    expect(created.body.connection.attribute_mapping).toMatchObject({ email: 'email', groups: 'groups' });
    const updated = await call('PATCH', `/api/v1/connections/${id}`, {
      oidc_config: {
        issuer: 'https://login.microsoftonline.com/tenant/v2.0',
        client_id: 'entra-client',
        client_secret: secret,
        scopes: ['openid', 'email', 'profile'],
        pkce_enabled: true,
      },
    });
    expect(updated.status).toBe(200);
    const oidc = updated.body.connection.oidc_config;
    expect(updated.body.connection.status).toBe('COMPLETED');
    expect(oidc).toMatchObject({
      issuer: 'https://login.microsoftonline.com/tenant/v2.0',
      client_id: 'entra-client',
      redirect_uri: `${ctx.server.running.ctx.config.publicUrl}/sso/oidc/${id}/callback`,
      pkce_enabled: true,
    });
    expect(oidc.client_secret).toBeUndefined();
    const got = await call('GET', `/api/v1/connections/${id}`);
    const listed = await call('GET', '/api/v1/connections');
    for (const text of [
      JSON.stringify(updated.body),
      JSON.stringify(got.body),
      JSON.stringify(listed.body),
    ]) {
      expect(text).not.toContain(secret);
    }
    // At rest: sealed under the master key, not in clear.
    const row = await ctx.server.running.ctx.db
      .selectFrom('connections')
      .select('oidc_config')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.oidc_config).not.toContain(secret);
    const sealed = JSON.parse(row.oidc_config).client_secret_sealed;
    expect(ctx.server.running.ctx.box.open(sealed)).toBe(secret);
    // Its events carry no secret either.
    const events = await ctx.server.running.ctx.db.selectFrom('events').select('data').execute();
    expect(events.some((e) => e.data.includes(secret))).toBe(false);

    expect((await call('PATCH', `/api/v1/connections/${id}:enable`)).body).toEqual({ enabled: true });
    // An environment connection is not reachable through an organization's routes.
    const org = await newOrg();
    expectRestError(
      await call('GET', `/api/v1/organizations/${org.id}/connections/${id}`),
      404,
      5,
      'NOT_FOUND',
    );
    expect((await call('DELETE', `/api/v1/connections/${id}`)).status).toBe(200);
    expectRestError(await call('GET', `/api/v1/connections/${id}`), 404, 5, 'NOT_FOUND');
  });

  it('refuses bad SAML and OIDC settings without changing the connection', async () => {
    const org = await newOrg();
    const conn = await newSaml(org.id);
    const path = `/api/v1/organizations/${org.id}/connections/${conn.id}`;
    const refusals: [unknown, number, string][] = [
      [{ saml_config: { idp_certificate: 'not a certificate' } }, 400, 'INVALID_ARGUMENT'],
      [
        { saml_config: { idp_certificate: Buffer.from('garbage bytes').toString('base64') } },
        400,
        'INVALID_ARGUMENT',
      ],
      [{ saml_config: { idp_sso_url: 'http://idp.example.com/sso' } }, 400, 'INVALID_ARGUMENT'],
      [{ saml_config: { idp_sso_url: 'javascript:alert(1)' } }, 400, 'INVALID_ARGUMENT'],
      [{ saml_config: { idp_sso_url: 'https://user:pw@idp.example.com/sso' } }, 400, 'INVALID_ARGUMENT'],
      [{ saml_config: { idp_entity_id: 'has spaces in it' } }, 400, 'INVALID_ARGUMENT'],
      // Signed requests and encrypted assertions work (saml-sp-keys.test.ts); a certificate that
      // is not an SP key of this environment is refused.
      [{ saml_config: { want_request_signed: true, certificate_id: 'cert_nope' } }, 400, 'INVALID_ARGUMENT'],
      [
        { saml_config: { assertion_encrypted: true, certificate_id: `cert_${'0'.repeat(26)}` } },
        400,
        'INVALID_ARGUMENT',
      ],
      [{ oidc_config: { client_id: 'x' } }, 400, 'INVALID_ARGUMENT'],
      [{ type: 'OIDC' }, 400, 'INVALID_ARGUMENT'],
      [{ attribute_mapping: { 'bad key!': 'email' } }, 400, 'INVALID_ARGUMENT'],
      [{ ui_button_title: 'x'.repeat(101) }, 400, 'INVALID_ARGUMENT'],
    ];
    for (const [body, status, errorCode] of refusals) {
      const res = await call('PATCH', path, body);
      expect({ body, status: res.status, code: res.body.details?.[0]?.error_code }).toEqual({
        body,
        status,
        code: errorCode,
      });
    }
    const after = (await call('GET', path)).body.connection;
    expect(after).toMatchObject({ status: 'DRAFT', update_time: conn.update_time });
    // Only SAML and OIDC connections exist in this version.
    const password = await call('POST', `/api/v1/organizations/${org.id}/connections`, { type: 'PASSWORD' });
    expectRestError(password, 501, 12, 'UNIMPLEMENTED');
    // http is allowed for an IdP on this machine (development).
    const local = await call('PATCH', path, { saml_config: { idp_sso_url: 'http://localhost:9000/sso' } });
    expect(local.body.connection).toMatchObject({ status: 'IN_PROGRESS' });
    expect(local.body.connection.saml_config.idp_sso_url).toBe('http://localhost:9000/sso');
  });

  it('keeps two IdP certificates for rollover and reports their expiry', async () => {
    const org = await newOrg();
    const conn = await newSaml(org.id, 'ADFS');
    expect(conn.attribute_mapping.email).toBe(
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    );
    const path = `/api/v1/organizations/${org.id}/connections/${conn.id}`;
    const expired = selfSignedCertificate('old-signing', 30, 400);
    const current = selfSignedCertificate('current-signing');
    const next = selfSignedCertificate('next-signing');
    for (const pem of [expired, current, current, next]) {
      expect((await call('PATCH', path, { saml_config: { idp_certificate: pem } })).status).toBe(200);
    }
    const certs = (await call('GET', path)).body.connection.saml_config.idp_certificates;
    expect(certs.map((c: { issuer: string }) => c.issuer)).toEqual(['CN=current-signing', 'CN=next-signing']);
    expect(certs[0].certificate).toBe(current.replace(/\r\n/g, '\n'));
    // An expired certificate is accepted (IdPs keep using them) and shows its past expiry.
    const other = await newSaml(org.id);
    const withExpired = await call('PATCH', `/api/v1/organizations/${org.id}/connections/${other.id}`, {
      saml_config: { idp_certificate: expired },
    });
    expect(Date.parse(withExpired.body.connection.saml_config.idp_certificates[0].expiry_time)).toBeLessThan(
      Date.now(),
    );
  });

  it('serves SP metadata that a real XML parser reads', async () => {
    const org = await newOrg();
    const conn = await newSaml(org.id);
    await call('PATCH', `/api/v1/organizations/${org.id}/connections/${conn.id}`, {
      saml_config: { idp_name_id_format: 'PERSISTENT' },
    });
    const res = await fetch(
      conn.saml_config.sp_metadata_url.replace(ctx.server.running.ctx.config.publicUrl, ctx.server.url),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const doc = new DOMParser().parseFromString(await res.text(), 'text/xml');
    const entity = doc.documentElement!;
    expect(entity.namespaceURI).toBe(MD);
    expect(entity.localName).toBe('EntityDescriptor');
    expect(entity.getAttribute('entityID')).toBe(conn.saml_config.sp_entity_id);
    const sp = entity.getElementsByTagNameNS(MD, 'SPSSODescriptor')[0]!;
    expect(sp.getAttribute('WantAssertionsSigned')).toBe('true');
    const acs = sp.getElementsByTagNameNS(MD, 'AssertionConsumerService')[0]!;
    expect(acs.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(acs.getAttribute('Location')).toBe(conn.saml_config.sp_assertion_url);
    expect(sp.getElementsByTagNameNS(MD, 'NameIDFormat')[0]!.textContent).toBe(
      'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    );
    // Unknown ids, OIDC connections and odd paths are 404.
    const oidc = await call('POST', `/api/v1/organizations/${org.id}/connections`, { type: 'OIDC' });
    for (const id of ['conn_00000000000000000000000000', oidc.body.connection.id, '..%2F..%2Fetc']) {
      expect((await fetch(`${ctx.server.url}/sso/saml/${id}/metadata`)).status).toBe(404);
    }
  });

  it('assigns domains to one connection each and routes by them', async () => {
    const sk = officialClient(ctx.server);
    const org = await newOrg();
    const other = await newOrg();
    const d1 = (await sk.domain.createDomain(org.id, `one-${unique()}.com`)).domain!;
    const d2 = (await sk.domain.createDomain(org.id, `two-${unique()}.com`)).domain!;
    const foreign = (await sk.domain.createDomain(other.id, `else-${unique()}.com`)).domain!;
    const first = await newSaml(org.id);
    const second = await newSaml(org.id, 'JUMPCLOUD');
    const assign = (id: string, ids: string[]) =>
      call('PUT', `/api/v1/organizations/${org.id}/connections/${id}/domains`, { domain_ids: ids });

    const assigned = await assign(first.id, [d1.id]);
    expect(assigned.status).toBe(200);
    expect(assigned.body.connection.domains.map((d: { domain: string }) => d.domain)).toEqual([d1.domain]);
    expectRestError(await assign(second.id, [d1.id]), 409, 6, 'ALREADY_EXISTS');
    expectRestError(await assign(second.id, [foreign.id]), 404, 5, 'NOT_FOUND');

    // `first` serves only its domain; `second`, with none assigned, serves every domain of the org.
    const ids = async (domain: string) =>
      (await sk.connection.listConnectionsByDomain(domain)).connections.map((c) => c.id).sort();
    expect(await ids(d1.domain)).toEqual([first.id, second.id].sort());
    expect(await ids(d2.domain.toUpperCase())).toEqual([second.id]);
    expect(
      (await sk.connection.listConnections(org.id)).connections.find((c) => c.id === first.id)?.domains,
    ).toEqual([d1.domain]);
    // Reassigning the set frees the domain for another connection.
    expect((await assign(first.id, [])).status).toBe(200);
    expect((await assign(second.id, [d1.id, d2.id])).status).toBe(200);
    expect(await ids(d2.domain)).toEqual([first.id, second.id].sort());
    expect(await ids(d1.domain)).toEqual([first.id, second.id].sort());
  });

  it('lists, searches and pages organization connections over gRPC', async () => {
    const client = createClient(
      ConnectionService,
      authorizedTransport(ctx.server.url, `Bearer ${ctx.token}`, 'grpc'),
    );
    const name = `Searchable ${unique()}`;
    const org = (await officialClient(ctx.server).organization.createOrganization(name)).organization!;
    const saml = (
      await client.createConnection({ organizationId: org.id, connection: { type: ConnectionType.SAML } })
    ).connection!;
    const oidc = (
      await client.createConnection({ organizationId: org.id, connection: { type: ConnectionType.OIDC } })
    ).connection!;
    const found = await client.searchOrganizationConnections({ query: name.toLowerCase(), pageSize: 1 });
    expect(found.totalSize).toBe(2);
    expect(found.connections.map((c) => c.id)).toEqual([saml.id]);
    expect(found.connections[0]!.organizationName).toBe(name);
    const page2 = await client.searchOrganizationConnections({
      query: name,
      pageSize: 1,
      pageToken: found.nextPageToken,
    });
    expect(page2.connections.map((c) => c.id)).toEqual([oidc.id]);
    const onlyOidc = await client.searchOrganizationConnections({
      query: name,
      connectionType: ConnectionType.OIDC,
    });
    expect(onlyOidc.connections.map((c) => c.id)).toEqual([oidc.id]);
    expect((await client.searchOrganizationConnections({ query: name, enabled: true })).connections).toEqual(
      [],
    );
    expect((await client.searchOrganizationConnections({ query: name, provider: 'custom' })).totalSize).toBe(
      2,
    );
    const all = await client.listOrganizationConnections({ pageSize: 100 });
    expect(all.connections.map((c) => c.id)).toEqual(expect.arrayContaining([saml.id, oidc.id]));
    await expectConnectError(
      client.getConnection({ organizationId: org.id, id: 'conn_missing' }),
      Code.NotFound,
      'NOT_FOUND',
    );
    await expectConnectError(
      client.getConnectionTestResult({ connectionId: saml.id, testRequestId: 'x' }),
      Code.NotFound,
      'NOT_FOUND',
    );
  });
});
