// Organization M2M client rows as contract messages and as event payloads. Neither ever carries a
// secret's value or hash: only its id and last four characters.
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  ClientSecretStatus,
  type ClientSecretSchema,
  type M2MClientSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import { toTimestamp } from '../util/time.ts';
import type { ClientRow, SecretRow } from './org-client-store.ts';

export type M2MClientInit = MessageInitShape<typeof M2MClientSchema>;
export type ClientSecretInit = MessageInitShape<typeof ClientSecretSchema>;

const claimsOf = (row: ClientRow) => JSON.parse(row.custom_claims) as Record<string, string>;

/** A secret with `revoked_at` set (environment clients can deactivate one) is INACTIVE. */
export function toClientSecret(row: SecretRow & { revoked_at?: string | null }): ClientSecretInit {
  return {
    id: row.id,
    createTime: toTimestamp(row.created_at),
    updateTime: toTimestamp(row.revoked_at ?? row.created_at),
    secretSuffix: row.secret_suffix,
    status: row.revoked_at ? ClientSecretStatus.INACTIVE : ClientSecretStatus.ACTIVE,
    ...(row.expires_at ? { expireTime: toTimestamp(row.expires_at) } : {}),
  };
}

export function toM2MClient(row: ClientRow, secrets: SecretRow[]): M2MClientInit {
  return {
    clientId: row.id,
    secrets: secrets.filter((s) => s.client_id === row.id).map(toClientSecret),
    name: row.name,
    description: row.description,
    organizationId: row.organization_id ?? '',
    createTime: toTimestamp(row.created_at),
    updateTime: toTimestamp(row.updated_at),
    scopes: JSON.parse(row.scopes) as string[],
    audience: JSON.parse(row.audience) as string[],
    customClaims: Object.entries(claimsOf(row)).map(([key, value]) => ({ key, value })),
  };
}

/** data of the organization.client_* events: the client under `client`, secrets by id and suffix. */
export function clientEventData(row: ClientRow, secrets: SecretRow[]): Record<string, unknown> {
  return {
    client: {
      client_id: row.id,
      organization_id: row.organization_id,
      name: row.name,
      description: row.description,
      scopes: JSON.parse(row.scopes) as string[],
      audience: JSON.parse(row.audience) as string[],
      custom_claims: claimsOf(row),
      secrets: secrets
        .filter((s) => s.client_id === row.id)
        .map((s) => ({ id: s.id, secret_suffix: s.secret_suffix, create_time: s.created_at })),
      create_time: row.created_at,
      update_time: row.updated_at,
    },
  };
}
