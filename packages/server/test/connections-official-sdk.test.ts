// Enterprise SSO connections through the official SDK's `connection` client, as Scalekit's docs
// use it: create, list by organization and by email domain, get, enable/disable, delete — with the
// organization.sso_* events written alongside.
import { create } from '@bufbuild/protobuf';
import {
  CreateConnectionSchema,
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { expect, it } from 'vitest';
import { eventsOf } from './helpers/db.ts';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { selfSignedCertificate } from './helpers/x509.ts';

describeEachEngine('SSO connections (official SDK)', (engine) => {
  const ctx = useServer(engine);

  it('runs the documented flow from creation to deletion', async () => {
    const sk = officialClient(ctx.server);
    const org = (await sk.organization.createOrganization(`Acme ${unique()}`)).organization!;
    const domain = `acme-${unique()}.com`;
    await sk.domain.createDomain(org.id, domain);

    const created = await sk.connection.createConnection(
      org.id,
      create(CreateConnectionSchema, { provider: ConnectionProvider.OKTA, type: ConnectionType.SAML }),
    );
    const conn = created.connection!;
    expect(conn.id).toMatch(/^conn_/);
    expect(conn).toMatchObject({
      organizationId: org.id,
      provider: ConnectionProvider.OKTA,
      type: ConnectionType.SAML,
      status: ConnectionStatus.DRAFT,
      enabled: false,
    });
    // Okta's preset mapping, since none was given; the SP side an IdP admin copies.
    expect(conn.attributeMapping).toMatchObject({ email: 'email', given_name: 'firstName' });
    expect(conn.settings.case).toBe('samlConfig');
    const base = `${ctx.server.running.ctx.config.publicUrl}/sso/saml/${conn.id}`;
    expect(conn.settings.value).toMatchObject({
      spEntityId: base,
      spAssertionUrl: `${base}/acs`,
      spMetadataUrl: `${base}/metadata`,
    });

    const listed = await sk.connection.listConnections(org.id);
    expect(listed.connections.map((c) => c.id)).toEqual([conn.id]);
    expect(listed.connections[0]).toMatchObject({ organizationName: org.displayName, enabled: false });
    const byDomain = await sk.connection.listConnectionsByDomain(domain);
    expect(byDomain.connections.map((c) => c.id)).toEqual([conn.id]);
    expect((await sk.connection.listConnectionsByDomain(`nobody-${unique()}.com`)).connections).toEqual([]);

    // Not configured yet: enabling is refused.
    await sdkRefusals.refused(sk.connection.enableConnection(org.id, conn.id));

    const configured = await rest(
      ctx.server,
      'PATCH',
      `/api/v1/organizations/${org.id}/connections/${conn.id}`,
      {
        token: ctx.token,
        json: {
          saml_config: {
            idp_entity_id: 'http://www.okta.com/exk123',
            idp_sso_url: 'https://acme.okta.com/app/acme/exk123/sso/saml',
            idp_certificate: selfSignedCertificate('okta-acme'),
          },
        },
      },
    );
    expect(configured.status).toBe(200);
    expect(configured.body.connection.status).toBe('COMPLETED');

    expect(await sk.connection.enableConnection(org.id, conn.id)).toMatchObject({ enabled: true });
    expect((await sk.connection.getConnection(org.id, conn.id)).connection!.enabled).toBe(true);
    // Enabling twice is harmless and writes no second event.
    expect(await sk.connection.enableConnection(org.id, conn.id)).toMatchObject({ enabled: true });
    expect(await sk.connection.disableConnection(org.id, conn.id)).toMatchObject({ enabled: false });

    await sk.connection.deleteConnection(org.id, conn.id);
    await sdkRefusals.notFound(sk.connection.getConnection(org.id, conn.id));
    expect((await sk.connection.listConnections(org.id)).connections).toEqual([]);

    const types = (await eventsOf(ctx.server, org.id)).map((e) => e.type).filter((t) => t.includes('sso'));
    expect(types).toEqual([
      'organization.sso_created',
      'organization.sso_updated',
      'organization.sso_enabled',
      'organization.sso_disabled',
      'organization.sso_deleted',
    ]);
    const deleted = (await eventsOf(ctx.server, org.id)).find((e) => e.type === 'organization.sso_deleted')!;
    expect(JSON.parse(deleted.data).connection).toMatchObject({
      id: conn.id,
      provider: 'OKTA',
      type: 'SAML',
    });
  });

  it('keeps organizations apart and refuses unknown ids', async () => {
    const sk = officialClient(ctx.server);
    const a = (await sk.organization.createOrganization(`A ${unique()}`)).organization!;
    const b = (await sk.organization.createOrganization(`B ${unique()}`)).organization!;
    const conn = (
      await sk.connection.createConnection(
        a.id,
        create(CreateConnectionSchema, { provider: ConnectionProvider.GOOGLE, type: ConnectionType.OIDC }),
      )
    ).connection!;
    await sdkRefusals.notFound(sk.connection.getConnection(b.id, conn.id));
    await sdkRefusals.notFound(sk.connection.disableConnection(b.id, conn.id));
    await sdkRefusals.notFound(sk.connection.deleteConnection(b.id, conn.id));
    await sdkRefusals.notFound(sk.connection.getConnection('org_nope', conn.id));
    await sdkRefusals.notFound(
      sk.connection.createConnection(
        'org_nope',
        create(CreateConnectionSchema, { type: ConnectionType.SAML }),
      ),
    );
    expect((await sk.connection.getConnection(a.id, conn.id)).connection!.id).toBe(conn.id);
  });
});
