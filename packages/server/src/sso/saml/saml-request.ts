// SP-initiated login: an AuthnRequest over the HTTP-Redirect binding, with RelayState, signed when
// the connection asks. The request id is stored so the response's InResponseTo can be checked.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { SamlConnectionConfig } from './saml-config.ts';
import { samlFor } from './saml-node-options.ts';
import { rememberSamlRequest } from './saml-request-store.ts';

export interface SamlAuthnRequest {
  /** Where to send the browser: the IdP's SSO URL with SAMLRequest, RelayState (and Signature). */
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
  await rememberSamlRequest(db, {
    id: requestId,
    connectionId: config.connectionId,
    relayState,
    connectionTestId,
  });
  const redirectUrl = await samlFor(config, requestId).getAuthorizeUrlAsync(relayState ?? '', undefined, {});
  return { redirectUrl, requestId };
}
