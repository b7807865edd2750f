// The admin portal's SSO settings pages over HTTP, on every engine: a SAML connection configured,
// mapped, enabled, disabled and deleted; the OIDC client secret never shown on any page; pasted IdP
// metadata imported (a bad document changes nothing); a connection test started at the IdP and its
// latest result shown, never another organization's. Each refusal sits next to the request that is
// allowed. Sessions, CSRF and ownership are in portal-session.test.ts; the SAML signing,
// IdP-initiated and role-mapping forms in portal-sso-saml-options.test.ts.
import { expect, it } from 'vitest';
import { eventsOf } from './helpers/db.ts';
import { Browserish } from './helpers/login.ts';
import {
  connectionRow,
  createThroughPortal,
  enterPortal,
  newOrganization,
  portalPage,
  samlifyIdpMetadata,
} from './helpers/portal.ts';
import { selfSignedKeyPair } from './helpers/saml-certs.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { idpAnswer, postToAcs, ssoOrganization } from './helpers/sso-login.ts';

const idpKeys = selfSignedKeyPair('portal-idp.example.test');

describeEachEngine('admin portal: the SSO section', (engine) => {
  const ctx = useServer(engine);
  const db = () => ctx.server.running.ctx.db;
  const connection = (id: string) => connectionRow(ctx.server, id);

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
