// The IdP side of a SAML connection as stored (saml_config JSON), how an UpdateConnection request
// changes it, and the response message with the SP side computed from the public URL.
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  NameIdFormat,
  RequestBinding,
  SAMLSigningOptions,
  type SAMLConnectionConfigRequest,
  type SAMLConnectionConfigResponseSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { ApiError } from '../contract/api-error.ts';
import { toTimestamp } from '../util/time.ts';
import { entityId, idpUrl } from './connection-input.ts';
import { spEndpoints } from './connection-urls.ts';
import { parseCertificate, withCertificate, type StoredCertificate } from './idp-certificate.ts';

export interface StoredSamlConfig {
  idp_metadata_url?: string;
  idp_entity_id?: string;
  idp_sso_url?: string;
  idp_slo_url?: string;
  certificates: StoredCertificate[];
  /** Enum names of the contract (EMAIL, HTTP_REDIRECT, SAML_RESPONSE_ASSERTION_SIGNING…). */
  name_id_format: string;
  sso_binding: string;
  slo_binding: string;
  signing_option: string;
  force_authn: boolean;
  idp_slo_required: boolean;
  default_redirect_uri?: string;
  sync_user_profile_on_login: boolean;
  jit_provisioning_with_sso_enabled: boolean;
}

export function defaultSamlConfig(): StoredSamlConfig {
  return {
    certificates: [],
    name_id_format: NameIdFormat[NameIdFormat.EMAIL],
    sso_binding: RequestBinding[RequestBinding.HTTP_REDIRECT],
    slo_binding: RequestBinding[RequestBinding.HTTP_REDIRECT],
    // Both signed, or either: what most IdPs send; the SAML engine decides what it accepts from this.
    signing_option: SAMLSigningOptions[SAMLSigningOptions.SAML_RESPONSE_OR_ASSERTION_SIGNING],
    force_authn: false,
    idp_slo_required: false,
    sync_user_profile_on_login: true,
    jit_provisioning_with_sso_enabled: true,
  };
}

export function readSamlConfig(json: string): StoredSamlConfig {
  return { ...defaultSamlConfig(), ...(JSON.parse(json) as Partial<StoredSamlConfig>) };
}

/**
 * Applies the fields a request sent (unset optional fields and unspecified enums keep their value).
 * The SP fields of the request (sp_entity_id, sp_assertion_url, sp_slo_url) are ignored: Gatehouse
 * is the SP and derives them from its public URL.
 */
export function applySamlRequest(
  current: StoredSamlConfig,
  req: SAMLConnectionConfigRequest,
): StoredSamlConfig {
  if (req.wantRequestSigned || req.assertionEncrypted) {
    throw new ApiError(
      'UNIMPLEMENTED',
      'signed AuthnRequests and encrypted assertions are not implemented in this version of Gatehouse',
    );
  }
  if (req.idpMetadataUrl !== undefined) {
    // Importing from the URL needs the metadata fetcher; the caller does it before this.
    throw new ApiError(
      'UNIMPLEMENTED',
      'idp_metadata_url import is not implemented in this version of Gatehouse',
    );
  }
  const next: StoredSamlConfig = { ...current };
  if (req.idpEntityId !== undefined) next.idp_entity_id = entityId(req.idpEntityId, 'idp_entity_id');
  if (req.idpSsoUrl !== undefined) next.idp_sso_url = idpUrl(req.idpSsoUrl, 'idp_sso_url');
  if (req.idpSloUrl !== undefined) {
    next.idp_slo_url = req.idpSloUrl.trim() ? idpUrl(req.idpSloUrl, 'idp_slo_url') : undefined;
  }
  if (req.idpCertificate !== undefined && req.idpCertificate.trim()) {
    next.certificates = withCertificate(current.certificates, parseCertificate(req.idpCertificate));
  }
  if (req.defaultRedirectUri !== undefined) {
    next.default_redirect_uri = req.defaultRedirectUri.trim()
      ? idpUrl(req.defaultRedirectUri, 'default_redirect_uri')
      : undefined;
  }
  if (req.idpNameIdFormat) next.name_id_format = NameIdFormat[req.idpNameIdFormat] ?? next.name_id_format;
  if (req.idpSsoRequestBinding)
    next.sso_binding = RequestBinding[req.idpSsoRequestBinding] ?? next.sso_binding;
  if (req.idpSloRequestBinding)
    next.slo_binding = RequestBinding[req.idpSloRequestBinding] ?? next.slo_binding;
  if (req.samlSigningOption)
    next.signing_option = SAMLSigningOptions[req.samlSigningOption] ?? next.signing_option;
  if (req.forceAuthn !== undefined) next.force_authn = req.forceAuthn;
  if (req.idpSloRequired !== undefined) next.idp_slo_required = req.idpSloRequired;
  if (req.syncUserProfileOnLogin !== undefined) next.sync_user_profile_on_login = req.syncUserProfileOnLogin;
  if (req.jitProvisioningWithSsoEnabled !== undefined) {
    next.jit_provisioning_with_sso_enabled = req.jitProvisioningWithSsoEnabled;
  }
  return next;
}

/** How far the IdP side is filled in: nothing, some, or enough to sign someone in. */
export function samlCompleteness(config: StoredSamlConfig): 'none' | 'partial' | 'complete' {
  const parts = [config.idp_entity_id, config.idp_sso_url, config.certificates[0]];
  if (parts.every(Boolean)) return 'complete';
  return parts.some(Boolean) ? 'partial' : 'none';
}

function enumValue<E extends Record<string, string | number>>(e: E, name: string): number {
  const value = e[name];
  return typeof value === 'number' ? value : 0;
}

export function toSamlResponse(
  config: StoredSamlConfig,
  connectionId: string,
  publicUrl: string,
  uiButtonTitle: string,
): MessageInitShape<typeof SAMLConnectionConfigResponseSchema> {
  const sp = spEndpoints(publicUrl, connectionId);
  return {
    spEntityId: sp.entityId,
    spAssertionUrl: sp.assertionUrl,
    spMetadataUrl: sp.metadataUrl,
    idpMetadataUrl: config.idp_metadata_url,
    idpEntityId: config.idp_entity_id,
    idpSsoUrl: config.idp_sso_url,
    idpSloUrl: config.idp_slo_url,
    idpCertificates: config.certificates.map((c) => ({
      id: c.id,
      certificate: c.pem,
      issuer: c.issuer,
      createTime: toTimestamp(c.created_at),
      expiryTime: toTimestamp(c.not_after),
    })),
    uiButtonTitle,
    idpNameIdFormat: enumValue(NameIdFormat, config.name_id_format),
    idpSsoRequestBinding: enumValue(RequestBinding, config.sso_binding),
    idpSloRequestBinding: enumValue(RequestBinding, config.slo_binding),
    samlSigningOption: enumValue(SAMLSigningOptions, config.signing_option),
    allowIdpInitiatedLogin: false,
    forceAuthn: config.force_authn,
    defaultRedirectUri: config.default_redirect_uri,
    assertionEncrypted: false,
    wantRequestSigned: false,
    idpSloRequired: config.idp_slo_required,
    syncUserProfileOnLogin: config.sync_user_profile_on_login,
    jitProvisioningWithSsoEnabled: config.jit_provisioning_with_sso_enabled,
  };
}
