// Environment clients (applications) as the contract's Client message and as event payloads. Neither
// ever carries a secret's value or hash: only its id, last four characters and status. The one
// exception is the answer to the call that creates a client, which adds the new secret's value.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ClientSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import { toTimestamp } from '../util/time.ts';
import { toApplicationConfig } from './application-config.ts';
import type { ApplicationRow, ApplicationSecretRow } from './application-store.ts';
import { toClientSecret } from './org-client-mapper.ts';

export type ClientInit = MessageInitShape<typeof ClientSchema>;

export function toClient(row: ApplicationRow, secrets: ApplicationSecretRow[]): ClientInit {
  const app = toApplicationConfig(row);
  return {
    id: row.id,
    // The id an application authenticates with is its client id; Gatehouse has no separate key id.
    keyId: row.id,
    createTime: toTimestamp(row.created_at),
    updateTime: toTimestamp(row.updated_at),
    secrets: secrets.filter((s) => s.client_id === row.id).map(toClientSecret),
    postLoginUris: app.redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris,
    backChannelLogoutUris: app.backChannelLogoutUris,
    initiateLoginUri: app.initiateLoginUri ?? '',
    name: row.name,
    ...(app.accessTokenTtlSeconds === null ? {} : { accessTokenExpiry: BigInt(app.accessTokenTtlSeconds) }),
    scopes: app.scopes,
    customClaims: Object.entries(app.customClaims).map(([key, value]) => ({ key, value })),
    disallowScalekitApiAccess: app.disallowApiAccess,
    grantTypes: app.grantTypes,
    clientType: app.clientType,
    enforcePkce: app.enforcePkce,
  };
}

/** data of the client.* events: the application under `client`, its secrets by id, suffix and status. */
export function applicationEventData(
  row: ApplicationRow,
  secrets: ApplicationSecretRow[],
): Record<string, unknown> {
  const app = toApplicationConfig(row);
  return {
    client: {
      client_id: row.id,
      name: row.name,
      client_type: app.clientType,
      post_login_uris: app.redirectUris,
      post_logout_redirect_uris: app.postLogoutRedirectUris,
      back_channel_logout_uris: app.backChannelLogoutUris,
      initiate_login_uri: app.initiateLoginUri,
      access_token_expiry: app.accessTokenTtlSeconds,
      scopes: app.scopes,
      custom_claims: app.customClaims,
      grant_types: app.grantTypes,
      enforce_pkce: app.enforcePkce,
      disallow_scalekit_api_access: app.disallowApiAccess,
      secrets: secrets
        .filter((s) => s.client_id === row.id)
        .map((s) => ({
          id: s.id,
          secret_suffix: s.secret_suffix,
          status: s.revoked_at ? 'INACTIVE' : 'ACTIVE',
          create_time: s.created_at,
        })),
      create_time: row.created_at,
      update_time: row.updated_at,
    },
  };
}
