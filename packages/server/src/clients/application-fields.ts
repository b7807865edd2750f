// Applying the fields of a CreateClient or UpdateClient message to an application row, every value
// validated first. Update follows the contract's field mask when one is sent (a listed field is
// replaced, even by an empty value, which clears it); without a mask a field counts as sent when it
// is non-empty (lists, strings, a non-zero expiry) or present (optional and wrapper fields).
import type { CreateClient } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import type { FieldMask } from '@bufbuild/protobuf/wkt';
import { invalidArgument } from '../contract/api-error.ts';
import * as input from './application-input.ts';
import type { ClientType } from './application-input.ts';
import { singleUri, uriList } from './application-uris.ts';
import type { ApplicationRow } from './application-store.ts';
import * as common from './org-client-input.ts';

// The fields CreateClient and UpdateClient share (same names and types; only the numbers differ).
export type ApplicationFields = Pick<
  CreateClient,
  | 'name'
  | 'postLoginUris'
  | 'postLogoutRedirectUris'
  | 'backChannelLogoutUris'
  | 'initiateLoginUri'
  | 'accessTokenExpiry'
  | 'scopes'
  | 'customClaims'
  | 'disallowScalekitApiAccess'
  | 'grantTypes'
  | 'enforcePkce'
>;

const UPDATABLE = [
  'name',
  'post_login_uris',
  'post_logout_redirect_uris',
  'back_channel_logout_uris',
  'initiate_login_uri',
  'access_token_expiry',
  'scopes',
  'custom_claims',
  'disallow_scalekit_api_access',
  'grant_types',
  'enforce_pkce',
] as const;
type Path = (typeof UPDATABLE)[number];

export type Sent = (path: Path, present: boolean) => boolean;

/** Create: every non-empty or present field is sent. */
export const presentFields: Sent = (_path, present) => present;

/** Update: the mask decides when it has paths (proto or camelCase names, optionally "client."). */
export function maskedFields(mask: FieldMask | undefined): Sent {
  const paths = new Set(
    (mask?.paths ?? []).map((p) =>
      p.replace(/^client\./, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    ),
  );
  for (const path of paths) {
    if (!(UPDATABLE as readonly string[]).includes(path)) {
      throw invalidArgument(`mask path "${path}" is not an updatable field (${UPDATABLE.join(', ')})`);
    }
  }
  return (path, present) => (paths.size > 0 ? paths.has(path) : present);
}

/** The row with the sent fields applied; throws INVALID_ARGUMENT naming the first bad field. */
export function applyFields(current: ApplicationRow, fields: ApplicationFields, sent: Sent): ApplicationRow {
  const type = current.client_type as ClientType;
  const next: ApplicationRow = { ...current };
  if (sent('name', fields.name !== '')) next.name = common.name(fields.name);
  const lists = [
    ['post_login_uris', fields.postLoginUris],
    ['post_logout_redirect_uris', fields.postLogoutRedirectUris],
    ['back_channel_logout_uris', fields.backChannelLogoutUris],
  ] as const;
  for (const [path, values] of lists) {
    if (sent(path, values.length > 0)) next[path] = JSON.stringify(uriList(path, values));
  }
  if (sent('initiate_login_uri', fields.initiateLoginUri !== undefined)) {
    next.initiate_login_uri = singleUri('initiate_login_uri', fields.initiateLoginUri ?? '');
  }
  if (sent('access_token_expiry', fields.accessTokenExpiry !== 0n)) {
    next.access_token_ttl_seconds = input.accessTokenTtl(fields.accessTokenExpiry);
  }
  if (sent('scopes', fields.scopes.length > 0)) next.scopes = JSON.stringify(common.scopes(fields.scopes));
  if (sent('custom_claims', fields.customClaims.length > 0)) {
    next.custom_claims = JSON.stringify(common.customClaims(fields.customClaims));
  }
  if (sent('grant_types', fields.grantTypes.length > 0)) {
    next.grant_types = JSON.stringify(input.grantTypes(fields.grantTypes, type));
  }
  if (sent('disallow_scalekit_api_access', fields.disallowScalekitApiAccess !== undefined)) {
    next.disallow_api_access = fields.disallowScalekitApiAccess ? 1 : 0;
  }
  const pkceSent = sent('enforce_pkce', fields.enforcePkce !== undefined);
  const pkce = input.enforcePkce(
    pkceSent ? (fields.enforcePkce ?? false) : undefined,
    type,
    Number(current.enforce_pkce) === 1,
  );
  next.enforce_pkce = pkce ? 1 : 0;
  return next;
}

/** A new application row's defaults, before the CreateClient fields are applied. */
export function blankApplication(id: string, type: ClientType, now: string): ApplicationRow {
  return {
    id,
    name: '',
    description: '',
    kind: 'environment',
    organization_id: null,
    scopes: '[]',
    custom_claims: '{}',
    audience: '[]',
    post_login_uris: '[]',
    post_logout_redirect_uris: '[]',
    back_channel_logout_uris: '[]',
    initiate_login_uri: null,
    access_token_ttl_seconds: null,
    grant_types: '[]',
    client_type: type,
    enforce_pkce: type === 'public' ? 1 : 0,
    disallow_api_access: 0,
    created_at: now,
    updated_at: now,
  };
}
