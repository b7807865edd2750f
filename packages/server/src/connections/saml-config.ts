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
import { singleUri } from '../clients/application-uris.ts';
import { ApiError, invalidArgument } from '../contract/api-error.ts';
import { toTimestamp } from '../util/time.ts';
import { entityId, idpUrl } from './connection-input.ts';
import { spEndpoints } from './connection-urls.ts';
import { parseCertificate, withCertificate, type StoredCertificate } from './idp-certificate.ts';
import { applyImportedMetadata, type ImportedIdpMetadata } from './idp-metadata-apply.ts';

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
  /** Sign AuthnRequests with the SP key `sp_certificate_id`. */
  want_request_signed?: boolean;
  /** Require encrypted assertions, decrypted with the SP key `sp_certificate_id`. */
  assertion_encrypted?: boolean;
  /** The SP key (saml_sp_keys) this connection signs and decrypts with: the contract's certificate_id. */
  sp_certificate_id?: string;
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
 * is the SP and derives them from its public URL. `imported` IdP metadata (fetched by the caller from
 * idp_metadata_url, or uploaded) is applied first, so the request's explicit fields win over it.
 */
export function applySamlRequest(
  current: StoredSamlConfig,
  req: SAMLConnectionConfigRequest,
  imported?: ImportedIdpMetadata,
): StoredSamlConfig {
  const next: StoredSamlConfig = imported ? applyImportedMetadata(current, imported) : { ...current };
  if (req.idpMetadataUrl !== undefined && !imported) {
    // Fetching is the caller's job (connection-update.ts); an empty URL stops the refresh.
    if (req.idpMetadataUrl.trim()) throw new ApiError('INTERNAL', 'idp_metadata_url was not fetched');
    next.idp_metadata_url = undefined;
  }
  if (req.idpEntityId !== undefined) next.idp_entity_id = entityId(req.idpEntityId, 'idp_entity_id');
  if (req.idpSsoUrl !== undefined) next.idp_sso_url = idpUrl(req.idpSsoUrl, 'idp_sso_url');
  if (req.idpSloUrl !== undefined) {
    next.idp_slo_url = req.idpSloUrl.trim() ? idpUrl(req.idpSloUrl, 'idp_slo_url') : undefined;
  }
  if (req.idpCertificate !== undefined && req.idpCertificate.trim()) {
    // An explicit certificate beside imported metadata replaces the metadata's certificates.
    const kept = imported ? [] : current.certificates;
    next.certificates = withCertificate(kept, parseCertificate(req.idpCertificate));
  }
  if (req.defaultRedirectUri !== undefined) {
    // Stored exactly as sent, as application redirect URIs are: it must match one of them
    // (connections/idp-initiated-target.ts). "" turns IdP-initiated login off.
    next.default_redirect_uri = singleUri('default_redirect_uri', req.defaultRedirectUri.trim()) ?? undefined;
  }
  if (req.idpNameIdFormat) next.name_id_format = NameIdFormat[req.idpNameIdFormat] ?? next.name_id_format;
  if (req.idpSsoRequestBinding)
    next.sso_binding = RequestBinding[req.idpSsoRequestBinding] ?? next.sso_binding;
  if (req.idpSloRequestBinding)
    next.slo_binding = RequestBinding[req.idpSloRequestBinding] ?? next.slo_binding;
  if (req.samlSigningOption)
    next.signing_option = SAMLSigningOptions[req.samlSigningOption] ?? next.signing_option;
  if (req.forceAuthn !== undefined) next.force_authn = req.forceAuthn;
  // The SP key itself is attached (and a named one checked) by sp-key-binding.ts, which can read it.
  if (req.wantRequestSigned !== undefined) next.want_request_signed = req.wantRequestSigned;
  if (req.assertionEncrypted !== undefined) next.assertion_encrypted = req.assertionEncrypted;
  if (req.certificateId !== undefined && req.certificateId.trim()) {
    next.sp_certificate_id = spCertificateId(req.certificateId);
  }
  if (req.idpSloRequired !== undefined) next.idp_slo_required = req.idpSloRequired;
  if (req.syncUserProfileOnLogin !== undefined) next.sync_user_profile_on_login = req.syncUserProfileOnLogin;
  if (req.jitProvisioningWithSsoEnabled !== undefined) {
    next.jit_provisioning_with_sso_enabled = req.jitProvisioningWithSsoEnabled;
  }
  return next;
}

function spCertificateId(text: string): string {
  const id = text.trim();
  if (!/^cert_[0-9a-z]{26}$/.test(id)) throw invalidArgument('certificate_id is not a certificate id');
  return id;
}

/** Whether the connection uses an SP key at all (signed requests or encrypted assertions). */
export function usesSpKey(config: StoredSamlConfig): boolean {
  return config.want_request_signed === true || config.assertion_encrypted === true;
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
    // The switch is the redirect URI: without one there is nowhere to send an unsolicited login.
    allowIdpInitiatedLogin: config.default_redirect_uri !== undefined,
    forceAuthn: config.force_authn,
    defaultRedirectUri: config.default_redirect_uri,
    assertionEncrypted: config.assertion_encrypted === true,
    wantRequestSigned: config.want_request_signed === true,
    certificateId: config.sp_certificate_id,
    idpSloRequired: config.idp_slo_required,
    syncUserProfileOnLogin: config.sync_user_profile_on_login,
    jitProvisioningWithSsoEnabled: config.jit_provisioning_with_sso_enabled,
  };
}
