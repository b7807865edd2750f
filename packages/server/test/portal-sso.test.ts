// The admin portal over HTTP, on every engine: the single-use link starts a session (cookie rules,
// reuse refused), an ended, forged or expired session is refused, every form needs the session's
// CSRF token, a session never touches another organization's connection, a link without SSO shows
// no SSO pages, and the OIDC client secret never appears on any page. Each attack sits next to the
// same request that is allowed.
import { expect, it } from 'vitest';
import { Browserish } from './helpers/login.ts';
import {
  createThroughPortal,
  enterPortal,
  newOrganization,
  portalLink,
  portalPage,
  samlifyIdpMetadata,
} from './helpers/portal.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { eventsOf } from './helpers/db.ts';
import { selfSignedKeyPair } from './helpers/saml-certs.ts';
import { registerCallbacks } from './helpers/app-login.ts';
import { unique } from './helpers/servers.ts';
import { idpAnswer, postToAcs, ssoOrganization } from './helpers/sso-login.ts';

const idpKeys = selfSignedKeyPair('portal-idp.example.test');

describeEachEngine('admin portal: sessions and the SSO section', (engine) => {
  const ctx = useServer(engine);
  const db = () => ctx.server.running.ctx.db;
  const connection = (id: string) =>
    db().selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('starts a session from the link once, with an HttpOnly SameSite=Lax cookie scoped to /portal', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const location = await portalLink(ctx.server, ctx.token, org.id);
    const browser = new Browserish(ctx.server.url);
    const opened = await browser.get(new URL(location).pathname);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/portal/sso');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^gatehouse_portal=[A-Za-z0-9_-]{43}; Path=\/portal; HttpOnly; SameSite=Lax; Max-Age=28800$/,
    );
    // Only the hash is stored.
    const token = /=([^;]+);/.exec(cookie)?.[1] ?? '';
    const rows = await db()
      .selectFrom('portal_sessions')
      .selectAll()
      .where('organization_id', '=', org.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);

    const overview = await portalPage(browser, '/portal/sso');
    expect(overview.status).toBe(200);
    expect(overview.html).toContain('Set up SSO');
    expect(overview.html).toContain(org.display_name);
    const csp = overview.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');

    // The same link again: refused, and no second session.
    const again = await new Browserish(ctx.server.url).get(new URL(location).pathname);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('Ask the application for a new link');
    expect(again.headers.get('set-cookie')).toBeNull();
    const after = await db()
      .selectFrom('portal_sessions')
      .select('token_hash')
      .where('organization_id', '=', org.id)
      .execute();
    expect(after).toHaveLength(1);
  });

  it('refuses a missing, forged or expired session cookie with a page that says what to do', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    expect((await portalPage(browser, '/portal/sso')).status).toBe(200);

    const none = await portalPage(new Browserish(ctx.server.url), '/portal/sso');
    expect(none.status).toBe(401);
    expect(none.html).toContain('Ask the application for a new admin portal link');

    const forged = await fetch(`${ctx.server.url}/portal/sso`, {
      headers: { cookie: `gatehouse_portal=${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);

    const row = await db()
      .selectFrom('portal_sessions')
      .selectAll()
      .where('organization_id', '=', org.id)
      .executeTakeFirstOrThrow();
    // Idle for more than 30 minutes.
    const past = new Date(Date.now() - 1000).toISOString();
    await db()
      .updateTable('portal_sessions')
      .set({ idle_expires_at: past })
      .where('token_hash', '=', row.token_hash)
      .execute();
    expect((await portalPage(browser, '/portal/sso')).status).toBe(401);
    // Active, but past the absolute 8 hours.
    const soon = new Date(Date.now() + 60_000).toISOString();
    await db()
      .updateTable('portal_sessions')
      .set({ idle_expires_at: soon, expires_at: past })
      .where('token_hash', '=', row.token_hash)
      .execute();
    const ended = await portalPage(browser, '/portal/sso');
    expect(ended.status).toBe(401);
    expect(ended.html).toContain('session has ended');
  });

  it('pushes the idle deadline forward on use, never past the absolute one', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const row = await db()
      .selectFrom('portal_sessions')
      .selectAll()
      .where('organization_id', '=', org.id)
      .executeTakeFirstOrThrow();
    const absolute = Date.parse(row.expires_at) - Date.parse(row.created_at);
    expect(absolute).toBe(8 * 3600_000);
    const end = new Date(Date.now() + 5 * 60_000).toISOString();
    await db()
      .updateTable('portal_sessions')
      .set({ expires_at: end, idle_expires_at: new Date(Date.now() + 60_000).toISOString() })
      .where('token_hash', '=', row.token_hash)
      .execute();
    expect((await portalPage(browser, '/portal/sso')).status).toBe(200);
    const touched = await db()
      .selectFrom('portal_sessions')
      .selectAll()
      .where('token_hash', '=', row.token_hash)
      .executeTakeFirstOrThrow();
    expect(touched.idle_expires_at).toBe(end);
  });

  it('creates a connection through ConnectionService (preset mapping, event) only with the session’s CSRF token', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const other = await enterPortal(ctx.server, ctx.token, org.id);
    const { csrf: otherCsrf } = await portalPage(other, '/portal/sso/new');
    const count = async () =>
      (await db().selectFrom('connections').select('id').where('organization_id', '=', org.id).execute())
        .length;

    const missing = await browser.post('/portal/sso/new', { type: 'SAML', provider: 'OKTA' });
    expect(missing.status).toBe(403);
    const foreign = await browser.post('/portal/sso/new', {
      csrf: otherCsrf,
      type: 'SAML',
      provider: 'OKTA',
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain('Form expired');
    expect(await count()).toBe(0);

    const id = await createThroughPortal(browser, 'SAML', 'MICROSOFT_AD');
    expect(await count()).toBe(1);
    const row = await connection(id);
    expect(row).toMatchObject({ type: 'SAML', provider: 'MICROSOFT_AD', status: 'DRAFT', enabled: 0 });
    expect(JSON.parse(row.attribute_mapping).email).toBe(
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    );
    expect((await eventsOf(ctx.server, org.id)).map((e) => e.type)).toContain('organization.sso_created');

    const page = await portalPage(browser, `/portal/sso/${id}`);
    expect(page.html).toContain(`${ctx.server.running.url}/sso/saml/${id}/acs`);
    expect(page.html).toContain(`${ctx.server.running.url}/sso/saml/${id}/metadata`);

    const badType = await browser.post('/portal/sso/new', {
      csrf: page.csrf,
      type: 'LDAP',
      provider: 'OKTA',
    });
    expect(badType.status).toBe(400);
    expect(await badType.text()).toContain('choose SAML or OIDC');
    expect(await count()).toBe(1);
  });

  it('configures, enables and disables a SAML connection; a refused field keeps what was typed', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const id = await createThroughPortal(browser, 'SAML');
    const { csrf } = await portalPage(browser, `/portal/sso/${id}`);
    const form = {
      csrf,
      idp_entity_id: 'https://idp.example.test/entity',
      idp_sso_url: 'http://idp.example.test/sso',
      idp_certificate: idpKeys.certificatePem,
      name_id_format: 'EMAIL',
      jit: 'on',
    };
    const enableEarly = await browser.post(`/portal/sso/${id}/enable`, { csrf });
    expect(enableEarly.status).toBe(400);
    expect((await connection(id)).enabled).toBe(0);

    const refused = await browser.post(`/portal/sso/${id}/saml`, form);
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('idp_sso_url must be an https URL');
    expect(refusedHtml).toContain('value="https://idp.example.test/entity"');
    expect((await connection(id)).status).toBe('DRAFT');

    const saved = await browser.post(`/portal/sso/${id}/saml`, {
      ...form,
      idp_sso_url: 'https://idp.example.test/sso',
    });
    expect(saved.status).toBe(303);
    const row = await connection(id);
    expect(row.status).toBe('COMPLETED');
    expect(JSON.parse(row.saml_config)).toMatchObject({
      idp_entity_id: 'https://idp.example.test/entity',
      jit_provisioning_with_sso_enabled: true,
      sync_user_profile_on_login: false,
    });

    const mapped = await browser.post(`/portal/sso/${id}/mapping`, {
      csrf,
      map_email: 'mail',
      map_given_name: 'first',
      map_family_name: 'last',
      map_groups: '',
    });
    expect(mapped.status).toBe(303);
    expect(JSON.parse((await connection(id)).attribute_mapping)).toEqual({
      email: 'mail',
      given_name: 'first',
      family_name: 'last',
    });

    expect((await browser.post(`/portal/sso/${id}/enable`, { csrf })).status).toBe(303);
    expect((await connection(id)).enabled).toBe(1);
    expect((await browser.post(`/portal/sso/${id}/disable`, { csrf })).status).toBe(303);
    expect((await connection(id)).enabled).toBe(0);
    const types = (await eventsOf(ctx.server, org.id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'organization.sso_updated',
        'organization.sso_enabled',
        'organization.sso_disabled',
      ]),
    );

    // Deleting asks first; the confirmation's form deletes.
    const confirm = await portalPage(browser, `/portal/sso/${id}/delete`);
    expect(confirm.html).toContain('This cannot be undone');
    expect((await browser.post(`/portal/sso/${id}/delete`, { csrf })).status).toBe(303);
    expect(
      await db().selectFrom('connections').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('never acts on another organization’s connection, whatever the URL or form names', async () => {
    const mine = await newOrganization(ctx.server, ctx.token);
    const theirs = await newOrganization(ctx.server, ctx.token);
    const created = await rest(ctx.server, 'POST', `/api/v1/organizations/${theirs.id}/connections`, {
      token: ctx.token,
      json: { type: 'SAML', provider: 'OKTA' },
    });
    const theirId: string = created.body.connection.id;
    await rest(ctx.server, 'PATCH', `/api/v1/organizations/${theirs.id}/connections/${theirId}`, {
      token: ctx.token,
      json: {
        saml_config: {
          idp_entity_id: 'https://theirs.example.test',
          idp_sso_url: 'https://theirs.example.test/sso',
          idp_certificate: idpKeys.certificatePem,
        },
      },
    });
    const before = await connection(theirId);
    const theirEvents = (await eventsOf(ctx.server, theirs.id)).length;

    const browser = await enterPortal(ctx.server, ctx.token, mine.id);
    const myId = await createThroughPortal(browser, 'SAML');
    const { csrf } = await portalPage(browser, `/portal/sso/${myId}`);
    const attempts: [string, Record<string, string>][] = [
      ['enable', {}],
      ['disable', {}],
      [
        'saml',
        {
          idp_entity_id: 'https://evil.example.test',
          idp_sso_url: 'https://evil.example.test/sso',
          name_id_format: 'EMAIL',
        },
      ],
      ['mapping', { map_email: 'evil' }],
      ['signing', { want_request_signed: 'on', idp_sso_request_binding: 'HTTP_POST' }],
      ['idp_initiated', { default_redirect_uri: '' }],
      ['roles', { groups_attribute: 'groups', role_0: 'admin', role_groups_0: 'evil' }],
      ['metadata', { idp_metadata_xml: '<x/>' }],
      ['test', {}],
      ['delete', {}],
    ];
    expect((await portalPage(browser, `/portal/sso/${theirId}`)).status).toBe(404);
    expect((await portalPage(browser, `/portal/sso/${theirId}/delete`)).status).toBe(404);
    for (const [action, fields] of attempts) {
      const res = await browser.post(`/portal/sso/${theirId}/${action}`, { csrf, ...fields });
      expect(res.status, action).toBe(404);
      expect(await res.text()).toContain('There is no such connection in your organization');
    }
    // A form naming the other organization on the session's own connection.
    const named = await browser.post(`/portal/sso/${myId}/mapping`, {
      csrf,
      organization_id: theirs.id,
      map_email: 'mail',
    });
    expect(named.status).toBe(404);
    // The new forms need the session's CSRF token too, on the session's own connection.
    for (const action of ['signing', 'idp_initiated', 'roles']) {
      const noToken = await browser.post(`/portal/sso/${myId}/${action}`, {
        idp_sso_request_binding: 'HTTP_POST',
        default_redirect_uri: '',
      });
      expect(noToken.status, action).toBe(403);
    }
    expect(await connection(theirId)).toEqual(before);
    expect((await eventsOf(ctx.server, theirs.id)).length).toBe(theirEvents);

    // The same requests on the session's own connection are allowed.
    expect(
      (
        await browser.post(`/portal/sso/${myId}/mapping`, {
          csrf,
          organization_id: mine.id,
          map_email: 'mail',
        })
      ).status,
    ).toBe(303);
    expect((await browser.post(`/portal/sso/${myId}/delete`, { csrf })).status).toBe(303);
  });

  it('shows no SSO page to a link without the SSO feature', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = new Browserish(ctx.server.url);
    const opened = await browser.get(
      new URL(await portalLink(ctx.server, ctx.token, org.id, ['dir_sync'])).pathname,
    );
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/portal');
    const home = await portalPage(browser, '/portal');
    expect(home.status).toBe(200);
    expect(home.html).not.toContain('/portal/sso');
    for (const path of ['/portal/sso', '/portal/sso/new']) {
      const page = await portalPage(browser, path);
      expect(page.status, path).toBe(404);
      expect(page.html).toContain('not part of this admin portal link');
    }
    const withSso = await enterPortal(ctx.server, ctx.token, org.id, ['sso']);
    const { csrf } = await portalPage(withSso, '/portal/sso/new');
    expect(csrf).not.toBe('');
    const refused = await browser.post('/portal/sso/new', {
      csrf: home.csrf || csrf,
      type: 'SAML',
      provider: 'OKTA',
    });
    expect([403, 404]).toContain(refused.status);
    expect(
      await db().selectFrom('connections').select('id').where('organization_id', '=', org.id).execute(),
    ).toEqual([]);
  });

  it('never shows the OIDC client secret, on any page or after a refused form', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const id = await createThroughPortal(browser, 'OIDC', 'OKTA');
    const { csrf, html: first } = await portalPage(browser, `/portal/sso/${id}`);
    expect(first).toContain(`${ctx.server.running.url}/sso/oidc/${id}/callback`);
    const secret = 'portal-secret-Zq8vT3';
    const form = {
      csrf,
      issuer: 'https://idp.example.test',
      client_id: 'client-123',
      client_secret: secret,
      scope_openid: 'on',
      scope_email: 'on',
      pkce: 'on',
    };
    const saved = await browser.post(`/portal/sso/${id}/oidc`, form);
    expect(saved.status).toBe(303);
    const row = await connection(id);
    expect(row.status).toBe('COMPLETED');
    expect(row.oidc_config).not.toContain(secret);

    const refused = await browser.post(`/portal/sso/${id}/oidc`, {
      ...form,
      issuer: 'http://idp.example.test',
      client_secret: `${secret}-2`,
    });
    expect(refused.status).toBe(400);
    const pages = [
      await refused.text(),
      (await portalPage(browser, `/portal/sso/${id}`)).html,
      (await portalPage(browser, `/portal/sso/${id}?saved=oidc`)).html,
      (await portalPage(browser, '/portal/sso')).html,
      (await portalPage(browser, `/portal/sso/${id}/delete`)).html,
    ];
    for (const html of pages) expect(html).not.toContain(secret);
    expect(pages[0]).toContain('issuer must be an https URL');
    expect(pages[0]).toContain('value="client-123"');
    expect(pages[1]).toContain('A client secret is set');

    // A blank secret keeps the one that is set.
    const kept = await browser.post(`/portal/sso/${id}/oidc`, { ...form, client_secret: '' });
    expect(kept.status).toBe(303);
    expect((await connection(id)).status).toBe('COMPLETED');
  });

  it('imports pasted IdP metadata; a bad document shows its error, keeps the text and changes nothing', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const id = await createThroughPortal(browser, 'SAML');
    const { csrf } = await portalPage(browser, `/portal/sso/${id}`);
    const before = await connection(id);
    const eventCount = (await eventsOf(ctx.server, org.id)).length;
    const bad = [
      '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://x.example.test"/>',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      'not xml at all',
    ];
    for (const xml of bad) {
      const res = await browser.post(`/portal/sso/${id}/metadata`, { csrf, idp_metadata_xml: xml });
      expect(res.status, xml).toBe(400);
      const html = await res.text();
      expect(html).toMatch(/role="alert"[^>]*>[^<]*metadata/i);
      // What was pasted is shown again (escaped), next to the error.
      expect(html).toContain(
        xml.slice(0, 20).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'),
      );
    }
    const empty = await browser.post(`/portal/sso/${id}/metadata`, {
      csrf,
      idp_metadata_xml: '',
      idp_metadata_url: '',
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('paste the metadata XML or give its URL');
    expect(await connection(id)).toEqual(before);
    expect((await eventsOf(ctx.server, org.id)).length).toBe(eventCount);

    const entityId = 'https://samlify-idp.example.test';
    const imported = await browser.post(`/portal/sso/${id}/metadata`, {
      csrf,
      idp_metadata_xml: samlifyIdpMetadata(entityId, idpKeys.certificatePem),
    });
    expect(imported.status).toBe(303);
    expect(imported.headers.get('location')).toBe(`/portal/sso/${id}?saved=metadata`);
    const row = await connection(id);
    expect(row.status).toBe('COMPLETED');
    expect(JSON.parse(row.saml_config)).toMatchObject({
      idp_entity_id: entityId,
      idp_sso_url: `${entityId}/sso`,
    });
  });

  it('starts a connection test at the IdP for a complete connection of its own, and refuses an incomplete one', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const id = await createThroughPortal(browser, 'SAML');
    const draft = await portalPage(browser, `/portal/sso/${id}`);
    expect(draft.html).not.toContain('Test connection');
    const early = await browser.post(`/portal/sso/${id}/test`, { csrf: draft.csrf });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('cannot be tested');

    const entityId = 'https://test-idp.example.test';
    await browser.post(`/portal/sso/${id}/metadata`, {
      csrf: draft.csrf,
      idp_metadata_xml: samlifyIdpMetadata(entityId, idpKeys.certificatePem),
    });
    const ready = await portalPage(browser, `/portal/sso/${id}`);
    expect(ready.html).toContain('Test connection');
    expect(ready.headers.get('content-security-policy')).toContain(`form-action 'self' ${entityId}`);
    const started = await browser.post(`/portal/sso/${id}/test`, { csrf: ready.csrf });
    expect(started.status).toBe(303);
    const location = new URL(started.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${entityId}/sso`);
    expect(location.searchParams.get('SAMLRequest')).toBeTruthy();
  });
  // The SAML options the portal offers beyond the IdP's details (issue 6).
  const restConnection = async (orgId: string, id: string) => {
    const res = await rest(ctx.server, 'GET', `/api/v1/organizations/${orgId}/connections/${id}`, {
      token: ctx.token,
    });
    expect(res.status).toBe(200);
    return res.body.connection;
  };
  const pemBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');

  it('turns on signed requests and encrypted assertions, shows the SP certificate of the metadata, sets the binding', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const id = await createThroughPortal(browser, 'SAML');
    const first = await portalPage(browser, `/portal/sso/${id}`);
    expect(first.html).toContain('Signing and encryption');
    expect(first.html).not.toContain('id="sp_certificate"');
    const events = (await eventsOf(ctx.server, org.id)).length;

    const badBinding = await browser.post(`/portal/sso/${id}/signing`, {
      csrf: first.csrf,
      want_request_signed: 'on',
      idp_sso_request_binding: 'HTTP_ARTIFACT',
    });
    expect(badBinding.status).toBe(400);
    expect(await badBinding.text()).toContain('choose a request binding');
    expect((await restConnection(org.id, id)).saml_config.want_request_signed).toBe(false);
    expect((await eventsOf(ctx.server, org.id)).length).toBe(events);

    const saved = await browser.post(`/portal/sso/${id}/signing`, {
      csrf: first.csrf,
      want_request_signed: 'on',
      assertion_encrypted: 'on',
      idp_sso_request_binding: 'HTTP_POST',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/portal/sso/${id}?saved=signing`);
    const saml = (await restConnection(org.id, id)).saml_config;
    expect(saml).toMatchObject({
      want_request_signed: true,
      assertion_encrypted: true,
      idp_sso_request_binding: 'HTTP_POST',
    });
    expect(saml.certificate_id).toMatch(/^cert_[0-9a-z]{26}$/);
    const types = (await eventsOf(ctx.server, org.id)).slice(events).map((e) => e.type);
    expect(types).toEqual(['organization.sso_updated']);

    const page = await portalPage(browser, `/portal/sso/${id}?saved=signing`);
    expect(page.html).toContain('Signing options saved.');
    const shown = /<textarea id="sp_certificate" readonly[^>]*>([^<]+)<\/textarea>/.exec(page.html)?.[1];
    expect(shown).toContain('-----BEGIN CERTIFICATE-----');
    const metadata = await (await fetch(`${ctx.server.url}/sso/saml/${id}/metadata`)).text();
    const published = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)?.[1];
    expect(published).toBe(pemBody(shown ?? ''));
    expect(page.html).toMatch(/<option value="HTTP_POST"\s+selected/);

    // Both off again: no certificate shown, none published.
    const off = await browser.post(`/portal/sso/${id}/signing`, {
      csrf: first.csrf,
      idp_sso_request_binding: 'HTTP_REDIRECT',
    });
    expect(off.status).toBe(303);
    expect((await restConnection(org.id, id)).saml_config).toMatchObject({
      want_request_signed: false,
      assertion_encrypted: false,
    });
    expect((await portalPage(browser, `/portal/sso/${id}`)).html).not.toContain('id="sp_certificate"');
  });

  it('offers only registered application URIs for IdP-initiated login and refuses one posted by hand', async () => {
    const landing = `https://app-${unique()}.example.test/sso/landing`;
    await registerCallbacks(ctx.server, ctx.token, [landing]);
    const org = await newOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const id = await createThroughPortal(browser, 'SAML');
    const { csrf, html } = await portalPage(browser, `/portal/sso/${id}`);
    expect(html).toContain(`<option value="${landing}"`);
    expect(html).toMatch(/<option value=""\s+selected\s*>Off<\/option>/);
    const events = (await eventsOf(ctx.server, org.id)).length;

    const evil = 'https://evil.example.test/steal';
    const refused = await browser.post(`/portal/sso/${id}/idp_initiated`, {
      csrf,
      default_redirect_uri: evil,
    });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toMatch(/role="alert"[^>]*>[^<]*is not a redirect URI or initiate-login URI/);
    expect((await restConnection(org.id, id)).saml_config.default_redirect_uri).toBeUndefined();
    expect((await eventsOf(ctx.server, org.id)).length).toBe(events);

    const saved = await browser.post(`/portal/sso/${id}/idp_initiated`, {
      csrf,
      default_redirect_uri: landing,
    });
    expect(saved.status).toBe(303);
    const saml = (await restConnection(org.id, id)).saml_config;
    expect(saml).toMatchObject({ default_redirect_uri: landing, allow_idp_initiated_login: true });
    expect((await eventsOf(ctx.server, org.id)).slice(events).map((e) => e.type)).toEqual([
      'organization.sso_updated',
    ]);
    expect((await portalPage(browser, `/portal/sso/${id}`)).html).toMatch(
      new RegExp(`<option value="${landing.replace(/[.]/g, '\\.')}"\\s+selected`),
    );

    const turnedOff = await browser.post(`/portal/sso/${id}/idp_initiated`, {
      csrf,
      default_redirect_uri: '',
    });
    expect(turnedOff.status).toBe(303);
    expect((await restConnection(org.id, id)).saml_config.default_redirect_uri).toBeUndefined();
  });

  it('maps IdP groups to the organization’s roles; an unknown role or a half row is refused and changes nothing', async () => {
    const org = await newOrganization(ctx.server, ctx.token);
    const s = unique().replace(/[^a-z0-9]/gi, '_');
    const envRole = `env_viewer_${s}`;
    const made = await rest(ctx.server, 'POST', '/api/v1/roles', {
      token: ctx.token,
      json: { name: envRole, display_name: 'Env viewer' },
    });
    expect(made.status).toBe(200);
    const orgRole = await rest(ctx.server, 'POST', `/api/v1/organizations/${org.id}/roles`, {
      token: ctx.token,
      json: { name: 'org_admin_role', display_name: 'Org admin' },
    });
    expect(orgRole.status).toBe(200);
    // Another organization's role is not offered, and not accepted.
    const other = await newOrganization(ctx.server, ctx.token);
    await rest(ctx.server, 'POST', `/api/v1/organizations/${other.id}/roles`, {
      token: ctx.token,
      json: { name: 'their_secret_role', display_name: 'Theirs' },
    });

    const browser = await enterPortal(ctx.server, ctx.token, org.id);
    const id = await createThroughPortal(browser, 'SAML');
    const { csrf, html } = await portalPage(browser, `/portal/sso/${id}`);
    expect(html).toContain(`<option value="${envRole}"`);
    expect(html).toContain('<option value="org_admin_role"');
    expect(html).not.toContain('their_secret_role');
    expect(html).toContain('id="groups_attribute"');
    const before = await connection(id);
    const events = (await eventsOf(ctx.server, org.id)).length;

    const attempts: [Record<string, string>, string][] = [
      [{ role_0: 'their_secret_role', role_groups_0: 'eng' }, 'does not exist in organization'],
      [{ role_0: 'no_such_role', role_groups_0: 'eng' }, 'does not exist in organization'],
      [{ role_0: '', role_groups_0: 'eng' }, 'choose the role'],
      [{ role_0: 'org_admin_role', role_groups_0: ' , ' }, 'list the IdP groups'],
      [
        { role_0: 'org_admin_role', role_groups_0: 'a', role_1: 'org_admin_role', role_groups_1: 'b' },
        'mapped twice',
      ],
    ];
    for (const [rows, message] of attempts) {
      const res = await browser.post(`/portal/sso/${id}/roles`, {
        csrf,
        groups_attribute: 'memberOf',
        ...rows,
      });
      expect(res.status, message).toBe(400);
      expect(await res.text()).toMatch(new RegExp(`role="alert"[^>]*>[^<]*${message}`));
    }
    // No groups attribute named: the API refuses role mappings it could never read.
    const noAttribute = await browser.post(`/portal/sso/${id}/roles`, {
      csrf,
      groups_attribute: '',
      role_0: 'org_admin_role',
      role_groups_0: 'admins',
    });
    expect(noAttribute.status).toBe(400);
    expect(await noAttribute.text()).toContain('no &quot;groups&quot; entry');
    expect(await connection(id)).toEqual(before);
    expect((await eventsOf(ctx.server, org.id)).length).toBe(events);

    const saved = await browser.post(`/portal/sso/${id}/roles`, {
      csrf,
      groups_attribute: 'memberOf',
      role_0: 'org_admin_role',
      role_groups_0: 'admins, it-staff ,',
      role_1: envRole,
      role_groups_1: 'everyone',
      role_2: '',
      role_groups_2: '',
    });
    expect(saved.status).toBe(303);
    const mapping = (await restConnection(org.id, id)).attribute_mapping;
    expect(mapping).toMatchObject({
      email: JSON.parse(before.attribute_mapping).email,
      groups: 'memberOf',
      'role:org_admin_role': 'admins,it-staff',
      [`role:${envRole}`]: 'everyone',
    });
    expect((await eventsOf(ctx.server, org.id)).slice(events).map((e) => e.type)).toEqual([
      'organization.sso_updated',
    ]);
    const page = (await portalPage(browser, `/portal/sso/${id}`)).html;
    expect(page).toContain('value="admins, it-staff"');
    expect(page).toMatch(/<option value="org_admin_role"\s+selected/);

    // Emptying a row removes that mapping only.
    const removed = await browser.post(`/portal/sso/${id}/roles`, {
      csrf,
      groups_attribute: 'memberOf',
      role_0: '',
      role_groups_0: '',
      role_1: envRole,
      role_groups_1: 'everyone',
    });
    expect(removed.status).toBe(303);
    const after = (await restConnection(org.id, id)).attribute_mapping;
    expect(after['role:org_admin_role']).toBeUndefined();
    expect(after[`role:${envRole}`]).toBe('everyone');
  });

  it('shows the latest test result on the connection page, and the result page links back; never another organization’s', async () => {
    const acme = await ssoOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, acme.organizationId);
    const id = acme.connectionId;
    const ready = await portalPage(browser, `/portal/sso/${id}`);
    expect(ready.html).not.toContain('Latest test');
    const started = await browser.post(`/portal/sso/${id}/test`, { csrf: ready.csrf });
    expect(started.status).toBe(303);
    const pending = await portalPage(browser, `/portal/sso/${id}`);
    expect(pending.html).toContain('Latest test');
    expect(pending.html).toContain('Waiting for the identity provider');

    const email = `grace-${unique()}@${acme.domain}`;
    const form = await idpAnswer(acme, new URL(started.headers.get('location') ?? ''), {
      nameId: email,
      attributes: { email: [email], firstName: ['Grace'], groups: ['ops'], department: ['R&D'] },
    });
    const result = await postToAcs(new Browserish(ctx.server.url), acme.sp.acsUrl, form);
    expect(result.status).toBe(200);
    const resultHtml = await result.text();
    expect(resultHtml).toContain('Connection test succeeded');
    expect(resultHtml).toContain(`href="/portal/sso/${id}#latest-test"`);

    const shown = (await portalPage(browser, `/portal/sso/${id}`)).html;
    expect(shown).toContain(`Succeeded: the identity provider signed in ${email}.`);
    expect(shown).toContain('<dd>Grace</dd>');
    expect(shown).toContain('<dt>department</dt>');
    expect(shown).toContain('R&amp;D');

    // Another organization's session: the connection is not found, and its own page shows no test.
    const other = await ssoOrganization(ctx.server, ctx.token);
    const theirs = await enterPortal(ctx.server, ctx.token, other.organizationId);
    const foreign = await portalPage(theirs, `/portal/sso/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.html).not.toContain(email);
    const own = await portalPage(theirs, `/portal/sso/${other.connectionId}`);
    expect(own.status).toBe(200);
    expect(own.html).not.toContain('Latest test');
    expect(own.html).not.toContain(email);
  });

  it('shows a failed test with its reason', async () => {
    const acme = await ssoOrganization(ctx.server, ctx.token);
    const browser = await enterPortal(ctx.server, ctx.token, acme.organizationId);
    const id = acme.connectionId;
    const { csrf } = await portalPage(browser, `/portal/sso/${id}`);
    const started = await browser.post(`/portal/sso/${id}/test`, { csrf });
    const form = await idpAnswer(acme, new URL(started.headers.get('location') ?? ''), {
      nameId: 'nobody',
      attributes: { department: ['Ops'] },
    });
    const result = await postToAcs(new Browserish(ctx.server.url), acme.sp.acsUrl, form);
    expect(result.status).toBe(400);
    const shown = (await portalPage(browser, `/portal/sso/${id}`)).html;
    expect(shown).toMatch(/<div class="alert">Failed: /);
    expect(shown).toContain('<dt>Reason</dt>');
    expect(shown).toContain('<dt>department</dt>');
  });
});
