// SP-initiated login: an AuthnRequest with RelayState, signed when the connection asks. The request
// id is stored so the response's InResponseTo can be checked. Over the HTTP-Redirect binding the
// browser goes straight to the IdP; over HTTP-POST it goes to our page for the stored request
// (saml-post-request-page.ts), which builds the request and posts it to the IdP.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { SamlConnectionConfig } from './saml-config.ts';
import { samlFor } from './saml-node-options.ts';
import { rememberSamlRequest } from './saml-request-store.ts';

export interface SamlAuthnRequest {
  /**
   * Where to send the browser: the IdP's SSO URL with SAMLRequest, RelayState (and Signature), or,
   * for the POST binding, our page that posts them.
   */
  redirectUrl: string;
  requestId: string;
}

/** RelayState is echoed by the IdP; SAML bindings cap it at 80 bytes. */
export const MAX_RELAY_STATE_BYTES = 80;

export async function createSamlAuthnRequest(
  db: Kysely<Database>,
  config: SamlConnectionConfig,
  relayState: string | null,
  /** Marks the request as a connection test: its answer is recorded, nobody is signed in. */
  connectionTestId: string | null = null,
): Promise<SamlAuthnRequest> {
  if (relayState !== null && Buffer.byteLength(relayState) > MAX_RELAY_STATE_BYTES) {
    throw new RangeError(`RelayState is longer than ${MAX_RELAY_STATE_BYTES} bytes`);
  }
  // An xs:ID must not start with a digit; 20 random bytes cannot be guessed.
  const requestId = `_${randomBytes(20).toString('hex')}`;
  // Built before anything is stored: a connection that could never verify an answer starts nothing.
  const saml = samlFor(config, requestId);
  await rememberSamlRequest(db, {
    id: requestId,
    connectionId: config.connectionId,
    relayState,
    connectionTestId,
  });
  if (config.postRequestPage) {
    return { redirectUrl: `${config.postRequestPage}/${requestId}`, requestId };
  }
  const redirectUrl = await saml.getAuthorizeUrlAsync(relayState ?? '', undefined, {});
  return { redirectUrl, requestId };
}

/**
 * The form fields of the HTTP-POST binding for a stored request: SAMLRequest (base64 of the XML,
 * enveloped-signed when the connection signs requests) and RelayState when there is one.
 */
export async function samlPostRequestFields(
  config: SamlConnectionConfig,
  requestId: string,
  relayState: string | null,
): Promise<{ SAMLRequest: string; RelayState?: string }> {
  const message = await samlFor(config, requestId).getAuthorizeMessageAsync(relayState ?? '', undefined, {});
  const SAMLRequest = message.SAMLRequest;
  if (typeof SAMLRequest !== 'string') throw new Error('node-saml built no SAMLRequest');
  return relayState ? { SAMLRequest, RelayState: relayState } : { SAMLRequest };
}
