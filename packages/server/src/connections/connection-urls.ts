// The endpoints Gatehouse serves for a connection, which an IdP admin copies into their IdP.
// One place computes them, so the responses, the SP metadata and the login routes agree.
export const SAML_PATH = '/sso/saml/';
export const OIDC_PATH = '/sso/oidc/';

export function spEndpoints(publicUrl: string, connectionId: string) {
  const base = `${publicUrl}${SAML_PATH}${connectionId}`;
  return {
    entityId: base,
    assertionUrl: `${base}/acs`,
    metadataUrl: `${base}/metadata`,
    // `/{requestId}`: the page that posts an AuthnRequest to an IdP using the HTTP-POST binding.
    authnRequestPage: `${base}/authn-request`,
  };
}

export function oidcRedirectUri(publicUrl: string, connectionId: string): string {
  return `${publicUrl}${OIDC_PATH}${connectionId}/callback`;
}
