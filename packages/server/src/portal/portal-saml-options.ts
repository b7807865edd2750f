// The SAML options the portal offers beyond the IdP's details: signed requests and encrypted
// assertions (with the SP certificate to give the IdP), the request binding, IdP-initiated login and
// group → role mapping. What the page needs is read here, inside the session's organization; each
// form becomes the UpdateConnection request the API takes, so ConnectionService checks it (a URI no
// application registered, a role the organization does not have) and writes the event.
import { RequestBinding } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { AppContext } from '../app-context.ts';
import { registeredAppUris } from '../clients/registered-uris.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { roleMappings } from '../connections/role-mappings.ts';
import { readSamlConfig, usesSpKey } from '../connections/saml-config.ts';
import { spKeyById } from '../sso/saml-sp-keys.ts';
import type { UpdateFields } from './portal-connections.ts';

export const REQUEST_BINDINGS = [
  { value: 'HTTP_REDIRECT', text: 'HTTP Redirect' },
  { value: 'HTTP_POST', text: 'HTTP POST' },
] as const;

/** Role mapping rows the form offers beyond the ones already set (the page has no script to add one). */
export const BLANK_ROLE_ROWS = 3;
const MAX_ROLE_ROWS = 100;

export interface SamlOptionsData {
  /** The SP certificate (PEM) the connection pinned, when it signs requests or wants encryption. */
  spCertificatePem?: string | undefined;
  /** Redirect and initiate-login URIs of the environment's applications. */
  registeredUris: string[];
  /** Roles the connection may grant: the environment's and the organization's own. */
  roles: { name: string; displayName: string }[];
}

export async function samlOptionsData(ctx: AppContext, row: ConnectionRow): Promise<SamlOptionsData> {
  const config = readSamlConfig(row.saml_config);
  const key =
    usesSpKey(config) && config.sp_certificate_id
      ? await spKeyById(ctx, config.sp_certificate_id)
      : undefined;
  const scopes = row.organization_id ? ['', row.organization_id] : [''];
  const roles = await ctx.db
    .selectFrom('roles')
    .select(['name', 'display_name'])
    .where('scope', 'in', scopes)
    .orderBy('name')
    .execute();
  return {
    spCertificatePem: key?.certificatePem,
    registeredUris: [...new Set(await registeredAppUris(ctx.db))],
    roles: roles.map((r) => ({ name: r.name, displayName: r.display_name || r.name })),
  };
}

type Fields = Record<string, string>;
const text = (fields: Fields, name: string) => (fields[name] ?? '').trim();

export function signingUpdate(fields: Fields): UpdateFields {
  const binding = text(fields, 'idp_sso_request_binding');
  if (!REQUEST_BINDINGS.some((b) => b.value === binding)) throw invalidArgument('choose a request binding');
  return {
    settings: {
      case: 'samlConfig',
      value: {
        wantRequestSigned: fields.want_request_signed === 'on',
        assertionEncrypted: fields.assertion_encrypted === 'on',
        idpSsoRequestBinding: RequestBinding[binding as keyof typeof RequestBinding],
      },
    },
  };
}

/** "" turns IdP-initiated login off; anything else must be registered (ConnectionService checks). */
export function idpInitiatedUpdate(fields: Fields): UpdateFields {
  return {
    settings: { case: 'samlConfig', value: { defaultRedirectUri: text(fields, 'default_redirect_uri') } },
  };
}

/**
 * The form's rows replace every `role:` key and the `groups` attribute; the other keys stay. A row
 * left blank is ignored; a half-filled row or a role named twice is refused here, and the rest
 * (the role exists, a groups attribute is named) by ConnectionService.
 */
export function roleMappingUpdate(current: string, fields: Fields): UpdateFields {
  const mapping = JSON.parse(current) as Record<string, string>;
  for (const key of roleMappings(mapping).keys()) delete mapping[`role:${key}`];
  const seen = new Set<string>();
  for (let i = 0; i < MAX_ROLE_ROWS; i++) {
    const role = text(fields, `role_${i}`);
    const groups = text(fields, `role_groups_${i}`)
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '')
      .join(',');
    if (!role && !groups) continue;
    if (!role) throw invalidArgument(`choose the role that the groups "${groups.slice(0, 100)}" grant`);
    if (!groups) throw invalidArgument(`list the IdP groups that grant the role ${role.slice(0, 64)}`);
    if (seen.has(role)) throw invalidArgument(`the role ${role.slice(0, 64)} is mapped twice`);
    seen.add(role);
    mapping[`role:${role}`] = groups;
  }
  const attribute = text(fields, 'groups_attribute');
  if (attribute) mapping.groups = attribute;
  else delete mapping.groups;
  return { attributeMapping: mapping };
}
