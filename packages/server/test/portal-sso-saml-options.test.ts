// The SAML options the admin portal offers beyond the IdP's details (issue 6), on every engine:
// signed requests and encrypted assertions (with the SP certificate the metadata publishes) and the
// request binding; the IdP-initiated landing URI, only one the application registered; and IdP
// groups mapped to the organization's roles. Each refused form changes nothing and sits next to
// the one that is saved. The rest of the SSO section is in portal-sso.test.ts.
import { expect, it } from 'vitest';
import { registerCallbacks } from './helpers/app-login.ts';
import { eventsOf } from './helpers/db.ts';
import {
  connectionRow,
  createThroughPortal,
  enterPortal,
  newOrganization,
  portalPage,
} from './helpers/portal.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { pemBody } from './helpers/x509.ts';

describeEachEngine('admin portal: SAML signing, IdP-initiated login and role mapping', (engine) => {
  const ctx = useServer(engine);
  const connection = (id: string) => connectionRow(ctx.server, id);
  const restConnection = async (orgId: string, id: string) => {
    const res = await rest(ctx.server, 'GET', `/api/v1/organizations/${orgId}/connections/${id}`, {
      token: ctx.token,
    });
    expect(res.status).toBe(200);
    return res.body.connection;
  };

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
});
