// The admin portal's sessions over HTTP, on every engine: the single-use link starts a session
// (cookie rules, reuse refused), an ended, forged or expired session is refused, the idle deadline
// moves on use, every form needs the session's CSRF token, a session never touches another
// organization's connection, and a link without SSO shows no SSO pages. Each attack sits next to
// the same request that is allowed. The SSO settings pages are in portal-sso.test.ts.
import { expect, it } from 'vitest';
import { eventsOf } from './helpers/db.ts';
import { Browserish } from './helpers/login.ts';
import {
  connectionRow,
  createThroughPortal,
  enterPortal,
  newOrganization,
  portalLink,
  portalPage,
} from './helpers/portal.ts';
import { rest } from './helpers/rest.ts';
import { selfSignedKeyPair } from './helpers/saml-certs.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

const idpKeys = selfSignedKeyPair('portal-idp.example.test');

describeEachEngine('admin portal: sessions, CSRF and ownership', (engine) => {
  const ctx = useServer(engine);
  const db = () => ctx.server.running.ctx.db;
  const connection = (id: string) => connectionRow(ctx.server, id);

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
});
