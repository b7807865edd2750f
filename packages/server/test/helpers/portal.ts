// Drives the admin portal over plain HTTP: a portal link made through the REST API (with the
// features asked for), opened by a cookie-keeping client, and the pages' forms read and posted.
import samlify from 'samlify';
import { expect } from 'vitest';
import type { TestServer } from '../harness.ts';
import { Browserish, field } from './login.ts';
import { rest } from './rest.ts';
import { EMAIL_FORMAT } from './saml-idp.ts';
import { unique } from './servers.ts';

export async function newOrganization(server: TestServer, token: string, name = `Portal ${unique()}`) {
  const res = await rest(server, 'POST', '/api/v1/organizations', { token, json: { display_name: name } });
  expect(res.status).toBe(200);
  return res.body.organization as { id: string; display_name: string };
}

/** A fresh portal link's URL; `features` as the contract names them ("sso", "dir_sync"). */
export async function portalLink(
  server: TestServer,
  token: string,
  organizationId: string,
  features?: string[],
): Promise<string> {
  // The contract's rule has no body: the features go in the query string.
  const query = features ? `?${features.map((f) => `features=${f}`).join('&')}` : '';
  const res = await rest(server, 'PUT', `/api/v1/organizations/${organizationId}/portal_links${query}`, {
    token,
  });
  expect(res.status).toBe(200);
  return res.body.link.location as string;
}

/** A client that opened a fresh link: its cookie holds a portal session for the organization. */
export async function enterPortal(
  server: TestServer,
  token: string,
  organizationId: string,
  features?: string[],
): Promise<Browserish> {
  const browser = new Browserish(server.url);
  const opened = await browser.get(
    new URL(await portalLink(server, token, organizationId, features)).pathname,
  );
  expect(opened.status).toBe(303);
  return browser;
}

/** GETs a portal page and returns its status, HTML and CSRF token (empty when it has no form). */
export async function portalPage(browser: Browserish, path: string) {
  const res = await browser.get(path);
  const html = await res.text();
  let csrf = '';
  try {
    csrf = field(html, 'csrf');
  } catch {
    // A page without a form.
  }
  return { status: res.status, html, csrf, headers: res.headers };
}

/** Creates a connection through the portal's form; returns its id. */
export async function createThroughPortal(browser: Browserish, type: 'SAML' | 'OIDC', provider = 'OKTA') {
  const { csrf } = await portalPage(browser, '/portal/sso/new');
  const res = await browser.post('/portal/sso/new', { csrf, type, provider });
  expect(res.status).toBe(303);
  const location = res.headers.get('location') ?? '';
  const id = /^\/portal\/sso\/(conn_[0-9a-z]+)\?saved=created$/.exec(location)?.[1];
  if (!id) throw new Error(`unexpected redirect ${location}`);
  return id;
}

/** The connection's row as stored, to compare before and after a form (throws if it is gone). */
export function connectionRow(server: TestServer, id: string) {
  return server.running.ctx.db
    .selectFrom('connections')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** samlify's own IdP metadata document for an IdP at `entityId` (SSO at `${entityId}/sso`). */
export function samlifyIdpMetadata(entityId: string, certificatePem: string): string {
  return samlify
    .IdentityProvider({
      entityID: entityId,
      signingCert: certificatePem,
      singleSignOnService: [
        { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${entityId}/sso` },
      ],
      nameIDFormat: [EMAIL_FORMAT],
    })
    .getMetadata();
}
