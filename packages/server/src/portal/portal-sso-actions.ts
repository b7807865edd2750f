// The SSO section's form posts. Each turns the form into the same request the API takes and hands it
// to ConnectionService's handlers through the session's organization (portal-connections.ts). A
// refusal (ApiError) shows the page again with the message next to the form and what was typed
// kept — never a secret; success redirects (303) so a reload does not post twice.
import {
  NameIdFormat,
  OIDCScope,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { ApiError, invalidArgument } from '../contract/api-error.ts';
import { CSRF_FIELD } from '../hosted/csrf.ts';
import { MAPPED_CLAIMS, type Section } from './pages/connection-page.ts';
import { NAME_ID_FORMATS } from './pages/saml-sections.ts';
import { OIDC_SCOPES } from './pages/oidc-sections.ts';
import { importMetadata } from './portal-metadata.ts';
import type { UpdateFields } from './portal-connections.ts';
import type { PortalPage } from './portal-page.ts';
import { renderConnection, showNewConnection } from './portal-sso-pages.ts';
import { startTestFromPortal } from './portal-connection-test.ts';
import { idpInitiatedUpdate, roleMappingUpdate, signingUpdate } from './portal-saml-options.ts';

type Fields = Record<string, string>;

/** Fields never shown back on a page: the anti-forgery token and the OIDC client secret. */
const NOT_ECHOED = new Set([CSRF_FIELD, 'client_secret']);

function echo(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !NOT_ECHOED.has(name)));
}

const text = (fields: Fields, name: string) => (fields[name] ?? '').trim();
const optional = (fields: Fields, name: string) => text(fields, name) || undefined;
const on = (fields: Fields, name: string) => fields[name] === 'on';

export async function createConnection(page: PortalPage, fields: Fields): Promise<void> {
  try {
    const id = await page.connections.create(text(fields, 'type'), text(fields, 'provider'));
    page.redirect(`/portal/sso/${id}?saved=created`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showNewConnection(page, error.httpStatus, error.message, echo(fields));
  }
}

function samlUpdate(fields: Fields): UpdateFields {
  const format = text(fields, 'name_id_format');
  if (!NAME_ID_FORMATS.some((f) => f.value === format)) throw invalidArgument('choose a name ID format');
  return {
    settings: {
      case: 'samlConfig',
      value: {
        idpEntityId: optional(fields, 'idp_entity_id'),
        idpSsoUrl: optional(fields, 'idp_sso_url'),
        idpCertificate: optional(fields, 'idp_certificate'),
        idpNameIdFormat: NameIdFormat[format as keyof typeof NameIdFormat],
        jitProvisioningWithSsoEnabled: on(fields, 'jit'),
        syncUserProfileOnLogin: on(fields, 'sync_profile'),
      },
    },
  };
}

function oidcUpdate(fields: Fields): UpdateFields {
  const scopes = OIDC_SCOPES.filter((scope) => on(fields, `scope_${scope}`));
  if (!scopes.includes('openid')) throw invalidArgument('scopes must include openid');
  const secret = fields.client_secret ?? '';
  return {
    settings: {
      case: 'oidcConfig',
      value: {
        issuer: text(fields, 'issuer'),
        clientId: text(fields, 'client_id'),
        // Blank keeps the secret that is set: the page never shows it, so it cannot send it back.
        ...(secret ? { clientSecret: secret } : {}),
        scopes: scopes.map((scope) => OIDCScope[scope]),
        pkceEnabled: on(fields, 'pkce'),
        jitProvisioningWithSsoEnabled: on(fields, 'jit'),
        syncUserProfileOnLogin: on(fields, 'sync_profile'),
      },
    },
  };
}

/** The form's four claims replace theirs; other claims set through the API are kept. */
function mappingUpdate(current: string, fields: Fields): UpdateFields {
  if (!text(fields, 'map_email')) throw invalidArgument('the email attribute is required');
  const mapping = JSON.parse(current) as Record<string, string>;
  for (const claim of MAPPED_CLAIMS) {
    const value = text(fields, `map_${claim}`);
    if (value) mapping[claim] = value;
    else delete mapping[claim];
  }
  return { attributeMapping: mapping };
}

type Action = (page: PortalPage, id: string, fields: Fields) => Promise<string | void>;

/** Each action returns the ?saved= key of its success notice (or has already answered). */
const ACTIONS: Record<string, { section: Section; run: Action }> = {
  saml: {
    section: 'saml',
    run: async (page, id, fields) => {
      await page.connections.update(id, samlUpdate(fields));
      return 'saml';
    },
  },
  metadata: {
    section: 'metadata',
    run: async (page, id, fields) => {
      await importMetadata(page.ctx, id, text(fields, 'idp_metadata_xml'), text(fields, 'idp_metadata_url'));
      return 'metadata';
    },
  },
  oidc: {
    section: 'oidc',
    run: async (page, id, fields) => {
      await page.connections.update(id, oidcUpdate(fields));
      return 'oidc';
    },
  },
  mapping: {
    section: 'mapping',
    run: async (page, id, fields) => {
      const row = await page.connections.find(id);
      await page.connections.update(id, mappingUpdate(row.attribute_mapping, fields));
      return 'mapping';
    },
  },
  signing: {
    section: 'signing',
    run: async (page, id, fields) => {
      await page.connections.update(id, signingUpdate(fields));
      return 'signing';
    },
  },
  idp_initiated: {
    section: 'idp_initiated',
    run: async (page, id, fields) => {
      await page.connections.update(id, idpInitiatedUpdate(fields));
      return 'idp_initiated';
    },
  },
  roles: {
    section: 'roles',
    run: async (page, id, fields) => {
      const row = await page.connections.find(id);
      await page.connections.update(id, roleMappingUpdate(row.attribute_mapping, fields));
      return 'roles';
    },
  },
  enable: {
    section: 'state',
    run: async (page, id) => {
      await page.connections.toggle(id, true);
      return 'enabled';
    },
  },
  disable: {
    section: 'state',
    run: async (page, id) => {
      await page.connections.toggle(id, false);
      return 'disabled';
    },
  },
  test: { section: 'test', run: (page, id) => startTestFromPortal(page, id) },
};

export function isConnectionAction(name: string): boolean {
  return Object.hasOwn(ACTIONS, name) || name === 'delete';
}

export async function postConnectionAction(
  page: PortalPage,
  id: string,
  name: string,
  fields: Fields,
): Promise<void> {
  // The connection must be this organization's before anything else happens (NOT_FOUND otherwise).
  const row = await page.connections.find(id);
  if (name === 'delete') {
    await page.connections.remove(row.id);
    return page.redirect('/portal/sso?saved=deleted');
  }
  const action = ACTIONS[name];
  if (!action) throw new Error(`no portal action ${name}`);
  try {
    const saved = await action.run(page, row.id, fields);
    if (saved) page.redirect(`/portal/sso/${row.id}?saved=${saved}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // Shown again from the database: the refused change left the connection as it was.
    const current = await page.connections.find(row.id);
    await renderConnection(page, current, error.httpStatus, {
      error: { section: action.section, message: error.message, values: echo(fields) },
    });
  }
}
