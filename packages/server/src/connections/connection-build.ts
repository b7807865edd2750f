// The rows a create or update request produces: the type and provider checked, the IdP settings
// applied, the mapping defaulted from the provider's preset, and the status recomputed.
import {
  ConfigurationType,
  ConnectionProvider,
  ConnectionType,
  type CreateConnection,
  type UpdateConnection,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { ApiError, failedPrecondition, invalidArgument } from '../contract/api-error.ts';
import { newId } from '../store/ids.ts';
import type { SecretBox } from '../store/secret-box.ts';
import { isoNow } from '../util/time.ts';
import { presetMapping } from './attribute-presets.ts';
import * as input from './connection-input.ts';
import type { ConnectionRow } from './connection-store.ts';
import { applyOidcRequest, oidcCompleteness, readOidcConfig } from './oidc-config.ts';
import type { ImportedIdpMetadata } from './idp-metadata-apply.ts';
import { applySamlRequest, readSamlConfig, samlCompleteness } from './saml-config.ts';

const SSO_TYPES = new Set<number>([ConnectionType.SAML, ConnectionType.OIDC]);

function ssoType(type: ConnectionType): 'SAML' | 'OIDC' {
  if (!SSO_TYPES.has(type)) {
    const name = ConnectionType[type] ?? String(type);
    throw new ApiError(
      'UNIMPLEMENTED',
      `connections of type ${name} are not implemented in this version of Gatehouse (SAML and OIDC are)`,
    );
  }
  return type === ConnectionType.SAML ? 'SAML' : 'OIDC';
}

function providerName(provider: ConnectionProvider): string {
  if (provider === ConnectionProvider.CONNECTION_PROVIDER_UNSPECIFIED) return 'CUSTOM';
  const name = ConnectionProvider[provider];
  if (!name) throw invalidArgument(`provider ${provider} is not a known provider`);
  return name;
}

export function newConnectionRow(organizationId: string | null, fields: CreateConnection): ConnectionRow {
  const type = ssoType(fields.type);
  const provider = providerName(fields.provider);
  const now = isoNow();
  return {
    id: newId('conn'),
    organization_id: organizationId,
    provider,
    type,
    status: 'DRAFT',
    enabled: 0,
    debug_enabled: 0,
    ui_button_title: '',
    configuration_type: ConfigurationType[ConfigurationType.CONFIGURATION_TYPE_UNSPECIFIED],
    key_id: fields.keyId?.trim() ? input.providerKey(fields.keyId) : null,
    provider_key: fields.providerKey ? input.providerKey(fields.providerKey) : '',
    saml_config: '{}',
    oidc_config: '{}',
    attribute_mapping: JSON.stringify(presetMapping(provider, type)),
    settings: '{}',
    created_at: now,
    updated_at: now,
  };
}

function statusOf(row: ConnectionRow): string {
  const level =
    row.type === 'SAML'
      ? samlCompleteness(readSamlConfig(row.saml_config))
      : oidcCompleteness(readOidcConfig(row.oidc_config));
  return { none: 'DRAFT', partial: 'IN_PROGRESS', complete: 'COMPLETED' }[level];
}

/**
 * The row after an update; fields not sent keep their value (the contract has no update mask).
 * `imported`: IdP metadata to apply under the request's SAML fields (idp-metadata-apply.ts).
 */
export function updatedConnectionRow(
  current: ConnectionRow,
  fields: UpdateConnection,
  box: SecretBox,
  imported?: ImportedIdpMetadata,
): ConnectionRow {
  const next: ConnectionRow = { ...current, updated_at: isoNow() };
  if (fields.type && ConnectionType[fields.type] !== current.type) {
    throw invalidArgument(`a connection's type cannot change (this one is ${current.type})`);
  }
  if (fields.provider) next.provider = providerName(fields.provider);
  if (fields.debugEnabled !== undefined) next.debug_enabled = fields.debugEnabled ? 1 : 0;
  if (fields.uiButtonTitle !== undefined) next.ui_button_title = input.buttonTitle(fields.uiButtonTitle);
  if (fields.configurationType) {
    next.configuration_type = ConfigurationType[fields.configurationType] ?? next.configuration_type;
  }
  if (Object.keys(fields.attributeMapping).length > 0) {
    next.attribute_mapping = JSON.stringify(input.attributeMapping(fields.attributeMapping));
  }
  if (fields.keyId !== undefined) next.key_id = fields.keyId.trim() ? input.providerKey(fields.keyId) : null;
  if (fields.providerKey) next.provider_key = input.providerKey(fields.providerKey);
  const settings = fields.settings;
  if (settings.case === 'samlConfig') {
    if (current.type !== 'SAML') throw invalidArgument('saml_config is only for SAML connections');
    next.saml_config = JSON.stringify(
      applySamlRequest(readSamlConfig(current.saml_config), settings.value, imported),
    );
    if (settings.value.uiButtonTitle !== undefined) {
      next.ui_button_title = input.buttonTitle(settings.value.uiButtonTitle);
    }
  } else if (settings.case === 'oidcConfig') {
    if (current.type !== 'OIDC') throw invalidArgument('oidc_config is only for OIDC connections');
    next.oidc_config = JSON.stringify(
      applyOidcRequest(readOidcConfig(current.oidc_config), settings.value, box),
    );
  } else if (settings.case !== undefined) {
    throw invalidArgument(`${settings.case} does not apply to ${current.type} connections`);
  }
  next.status = statusOf(next);
  if (next.enabled === 1 && next.status !== 'COMPLETED') {
    throw failedPrecondition('this change would leave an enabled connection incomplete; disable it first');
  }
  return next;
}
