// The SSO section's GET pages, and the connection page shown again after a refused form. Each reads
// the connection through the session's organization, so another organization's id is NOT_FOUND.
import type { ConnectionRow } from '../connections/connection-store.ts';
import { readOidcConfig } from '../connections/oidc-config.ts';
import { readSamlConfig } from '../connections/saml-config.ts';
import { connectionPage, type FormError } from './pages/connection-page.ts';
import { deleteConfirm } from './pages/delete-confirm.ts';
import { newConnection } from './pages/new-connection.ts';
import { oidcSections } from './pages/oidc-sections.ts';
import { samlSections } from './pages/saml-sections.ts';
import { samlOptionSections } from './pages/saml-option-sections.ts';
import { latestTestSection } from './pages/latest-test-section.ts';
import { latestConnectionTest } from './portal-latest-test.ts';
import { samlOptionsData } from './portal-saml-options.ts';
import { ssoOverview } from './pages/sso-overview.ts';
import type { PortalPage } from './portal-page.ts';

// Only these fixed texts are ever shown for ?saved=…; the query value itself never reaches the page.
const SAVED: Record<string, string> = {
  created: 'Connection created. Fill in your identity provider’s details below.',
  saml: 'Identity provider details saved.',
  metadata: 'Metadata imported.',
  oidc: 'Identity provider details saved.',
  mapping: 'Attribute mapping saved.',
  signing: 'Signing options saved.',
  idp_initiated: 'IdP-initiated login saved.',
  roles: 'Role mapping saved.',
  enabled: 'Connection enabled: your people can now sign in through it.',
  disabled: 'Connection disabled.',
  deleted: 'Connection deleted.',
};

function savedNotice(search: string): string | undefined {
  const key = new URLSearchParams(search).get('saved') ?? '';
  return Object.hasOwn(SAVED, key) ? SAVED[key] : undefined;
}

export async function showOverview(page: PortalPage, search: string): Promise<void> {
  const connections = await page.connections.list();
  const notice = savedNotice(search);
  page.render(200, ssoOverview({ ...page.base, connections, ...(notice ? { notice } : {}) }));
}

export function showNewConnection(
  page: PortalPage,
  status = 200,
  error?: string,
  values?: Record<string, string>,
): void {
  page.render(status, newConnection({ ...page.base, ...(error ? { error, values } : {}) }));
}

/** IdP origins a form on the connection page may end up at (the test sends the browser there). */
function idpOrigins(row: ConnectionRow): string[] {
  if (row.type === 'SAML') return [readSamlConfig(row.saml_config).idp_sso_url ?? ''].filter(Boolean);
  const oidc = readOidcConfig(row.oidc_config);
  return [oidc.issuer ?? '', oidc.authorize_uri ?? ''].filter(Boolean);
}

export async function renderConnection(
  page: PortalPage,
  row: ConnectionRow,
  status: number,
  options: { error?: FormError; notice?: string } = {},
): Promise<void> {
  const sections = { row, publicUrl: page.ctx.config.publicUrl, csrf: page.base.csrf, error: options.error };
  const protocol = row.type === 'SAML' ? samlSections(sections) : oidcSections(sections);
  const extra =
    row.type === 'SAML'
      ? samlOptionSections({ ...sections, ...(await samlOptionsData(page.ctx, row)) })
      : undefined;
  const html = connectionPage({
    ...page.base,
    row,
    protocol,
    options: extra,
    latestTest: latestTestSection(await latestConnectionTest(page.ctx.db, row.id)),
    ...options,
  });
  page.render(status, html, {}, idpOrigins(row));
}

export async function showConnection(page: PortalPage, id: string, search: string): Promise<void> {
  const row = await page.connections.find(id);
  const notice = savedNotice(search);
  await renderConnection(page, row, 200, notice ? { notice } : {});
}

export async function showDeleteConfirm(page: PortalPage, id: string): Promise<void> {
  const row = await page.connections.find(id);
  page.render(200, deleteConfirm({ ...page.base, row }));
}
