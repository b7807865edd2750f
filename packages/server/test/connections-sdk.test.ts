// Our SDK's `connection` client (the official SDK's method names and arguments) against a real
// server: enum names, camelCase shapes with user-keyed attribute mappings intact, refusals.
import { beforeAll, expect, it } from 'vitest';
import { Gatehouse, GatehouseError } from '../../sdk/src/index.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { selfSignedCertificate } from './helpers/x509.ts';

describeEachEngine('SDK connection', (engine) => {
  const ctx = useServer(engine);
  let sdk: Gatehouse;
  beforeAll(() => {
    sdk = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
  });

  it('creates, lists, toggles and deletes an organization connection', async () => {
    const orgId = (await sdk.organization.createOrganization(`SSO ${unique()}`)).organization.id;
    const domain = `sdk-${unique()}.com`;
    await sdk.domain.createDomain(orgId, domain);
    const { connection } = await sdk.connection.createConnection(orgId, {
      provider: 'ONELOGIN',
      type: 'SAML',
    });
    expect(connection).toMatchObject({ provider: 'ONELOGIN', type: 'SAML', status: 'DRAFT', enabled: false });
    expect(connection.attributeMapping).toMatchObject({ given_name: 'User.FirstName' });
    expect(connection.samlConfig?.spAssertionUrl).toMatch(new RegExp(`/sso/saml/${connection.id}/acs$`));

    expect((await sdk.connection.listConnections(orgId)).connections.map((c) => c.id)).toEqual([
      connection.id,
    ]);
    expect((await sdk.connection.listConnectionsByDomain(domain)).connections[0]).toMatchObject({
      id: connection.id,
      organizationId: orgId,
    });
    const refused = await sdk.connection.enableConnection(orgId, connection.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatehouseError);
    expect((refused as GatehouseError).errorCode).toBe('FAILED_PRECONDITION');

    await rest(ctx.server, 'PATCH', `/api/v1/organizations/${orgId}/connections/${connection.id}`, {
      token: ctx.token,
      json: {
        saml_config: {
          idp_entity_id: 'https://app.onelogin.com/saml/metadata/1',
          idp_sso_url: 'https://acme.onelogin.com/trust/saml2/http-redirect/sso/1',
          idp_certificate: selfSignedCertificate('onelogin'),
        },
      },
    });
    expect(await sdk.connection.enableConnection(orgId, connection.id)).toEqual({ enabled: true });
    const got = await sdk.connection.getConnection(orgId, connection.id);
    expect(got.connection).toMatchObject({ enabled: true, status: 'COMPLETED' });
    expect(got.connection.samlConfig?.idpCertificates?.[0]?.issuer).toBe('CN=onelogin');
    expect(await sdk.connection.disableConnection(orgId, connection.id)).toEqual({ enabled: false });
    await sdk.connection.deleteConnection(orgId, connection.id);
    const gone = await sdk.connection.getConnection(orgId, connection.id).catch((e: unknown) => e);
    expect((gone as GatehouseError).errorCode).toBe('NOT_FOUND');
  });
});
