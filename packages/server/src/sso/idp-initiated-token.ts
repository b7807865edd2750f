// The token an IdP-initiated SAML login becomes: a short JWT the application reads with the official
// SDK's getIdpInitiatedLoginClaims (verified against /keys), then starts an ordinary SP-initiated
// login with. It is signed with the environment's signing key, like access tokens, but has its own
// `typ` and neither `aud` nor `client_id`, so no access-token check can ever accept it.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKeys } from '../keys/signing-keys.ts';

export const IDP_INITIATED_TOKEN_TYPE = 'idp-initiated-login+jwt';
export const IDP_INITIATED_TOKEN_SECONDS = 5 * 60;
export const MAX_RELAY_STATE_CHARS = 1024;

export interface IdpInitiatedClaims {
  connection_id: string;
  organization_id: string;
  login_hint: string;
  relay_state?: string;
}

/**
 * The IdP's RelayState as the relay_state claim: printable ASCII, at most 1,024 characters. Anything
 * else is left out (not refused): the login itself is sound, and the app gets no surprise input.
 */
export function relayStateClaim(posted: unknown): string | undefined {
  if (typeof posted !== 'string') return undefined;
  return /^[\x20-\x7e]+$/.test(posted) && posted.length <= MAX_RELAY_STATE_CHARS ? posted : undefined;
}

export async function mintIdpInitiatedToken(
  keys: SigningKeys,
  issuer: string,
  claims: IdpInitiatedClaims,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  const { kid, privateKey } = keys.current();
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, typ: IDP_INITIATED_TOKEN_TYPE })
    .setIssuer(issuer)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + IDP_INITIATED_TOKEN_SECONDS)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(privateKey);
}
