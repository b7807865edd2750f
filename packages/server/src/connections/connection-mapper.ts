// Connection rows as contract messages (the full Connection and the ListConnection summary), and the
// event payload that describes one. No secret appears in any of them.
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  ConfigurationType,
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
  type ConnectionSchema,
  type ListConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { toDomain } from '../domains/domain-mapper.ts';
import { toTimestamp } from '../util/time.ts';
import type { AssignedDomain, ConnectionRow } from './connection-store.ts';
import { readOidcConfig, toOidcResponse } from './oidc-config.ts';
import { readSamlConfig, toSamlResponse } from './saml-config.ts';

export type ConnectionInit = MessageInitShape<typeof ConnectionSchema>;
export type ListConnectionInit = MessageInitShape<typeof ListConnectionSchema>;

export interface MapContext {
  publicUrl: string;
  environmentId: string;
}

function enumValue<E extends Record<string, string | number>>(e: E, name: string): number {
  const value = e[name];
  return typeof value === 'number' ? value : 0;
}

function settingsOf(row: ConnectionRow, ctx: MapContext): ConnectionInit['settings'] {
  if (row.type === 'SAML') {
    return {
      case: 'samlConfig',
      value: toSamlResponse(readSamlConfig(row.saml_config), row.id, ctx.publicUrl, row.ui_button_title),
    };
  }
  if (row.type === 'OIDC') {
    return {
      case: 'oidcConfig',
      value: toOidcResponse(readOidcConfig(row.oidc_config), row.id, ctx.publicUrl),
    };
  }
  return { case: undefined };
}

export function toConnection(row: ConnectionRow, domains: AssignedDomain[], ctx: MapContext): ConnectionInit {
  return {
    id: row.id,
    provider: enumValue(ConnectionProvider, row.provider),
    type: enumValue(ConnectionType, row.type),
    status: enumValue(ConnectionStatus, row.status),
    enabled: row.enabled === 1,
    debugEnabled: row.debug_enabled === 1,
    organizationId: row.organization_id ?? undefined,
    uiButtonTitle: row.ui_button_title,
    configurationType: enumValue(ConfigurationType, row.configuration_type),
    // Tests start from the admin portal (sso/connection-test/test-start.ts), not from a public URI.
    testConnectionUri: '',
    attributeMapping: JSON.parse(row.attribute_mapping) as Record<string, string>,
    createTime: toTimestamp(row.created_at),
    updateTime: toTimestamp(row.updated_at),
    settings: settingsOf(row, ctx),
    keyId: row.key_id ?? undefined,
    providerKey: row.provider_key,
    domains: domains.filter((d) => d.connection_id === row.id).map((d) => toDomain(d, ctx.environmentId)),
  };
}

export function toListConnection(
  row: ConnectionRow,
  domains: AssignedDomain[],
  organizationNames: Map<string, string>,
): ListConnectionInit {
  return {
    id: row.id,
    provider: enumValue(ConnectionProvider, row.provider),
    type: enumValue(ConnectionType, row.type),
    status: enumValue(ConnectionStatus, row.status),
    enabled: row.enabled === 1,
    organizationId: row.organization_id ?? '',
    uiButtonTitle: row.ui_button_title,
    domains: domains.filter((d) => d.connection_id === row.id).map((d) => d.domain),
    organizationName: row.organization_id ? (organizationNames.get(row.organization_id) ?? '') : '',
    providerKey: row.provider_key,
    keyId: row.key_id ?? '',
    createdAt: toTimestamp(row.created_at),
    mcpServerUrl: '',
  };
}

/** The webhook/event form: proto field names and enum names, as REST shows them; no IdP secrets. */
export function connectionEventData(row: ConnectionRow): Record<string, unknown> {
  return {
    connection: {
      id: row.id,
      organization_id: row.organization_id,
      provider: row.provider,
      type: row.type,
      status: row.status,
      enabled: row.enabled === 1,
      ui_button_title: row.ui_button_title,
      create_time: row.created_at,
      update_time: row.updated_at,
    },
  };
}
