// Validates a SAMLResponse posted to our ACS for one connection, and returns who signed in. The
// document is parsed once; the envelope is read from it, the required signatures are verified on it
// against the pinned certificates (saml-verify.ts), and only the canonical XML the assertion's
// signature covered is read after that: Conditions and audience, issuer, bearer confirmation, then
// the replay and InResponseTo stores shared by every instance.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { readSignedAssertion } from './saml-assertion.ts';
import {
  answeredRequestId,
  checkConditions,
  checkSignedAssertion,
  replayHorizon,
} from './saml-assertion-checks.ts';
import { clockSkewSeconds, type SamlConnectionConfig } from './saml-config.ts';
import { checkEnvelope, readEnvelope } from './saml-envelope.ts';
import { decodeSamlResponse, parseStrictXml } from './saml-input.ts';
import { verifiedAssertionXml } from './saml-verify.ts';
import { SamlRejected } from './saml-rejected.ts';
import { rememberAssertion } from './saml-replay-cache.ts';
import { consumeSamlRequest } from './saml-request-store.ts';

export interface SamlProfile {
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
  attributes: Record<string, string[]>;
  issuer: string;
  /** The AuthnRequest answered; null for an IdP-initiated login. */
  inResponseTo: string | null;
}

export interface SamlLogin {
  profile: SamlProfile;
  /** The RelayState stored with the AuthnRequest (null when IdP-initiated or none was sent). */
  relayState: string | null;
  /** The connection test the answered request belongs to; null for a sign-in. */
  connectionTestId: string | null;
}

export async function validateSamlResponse(
  db: Kysely<Database>,
  config: SamlConnectionConfig,
  samlResponse: unknown,
): Promise<SamlLogin> {
  const xml = decodeSamlResponse(samlResponse);
  const doc = parseStrictXml(xml);
  const envelope = readEnvelope(doc);
  checkEnvelope(envelope, config);
  const assertion = readSignedAssertion(await verifiedAssertionXml(config, doc.documentElement as Element));
  const skewMs = clockSkewSeconds(config) * 1000;
  const nowMs = Date.now();
  checkConditions(assertion, { ...config, skewMs, nowMs });
  const confirmation = checkSignedAssertion(assertion, { ...config, skewMs, nowMs });
  const requestId = answeredRequestId(confirmation, envelope.inResponseTo);
  if (requestId === undefined && !config.allowIdpInitiated)
    throw new SamlRejected('idp_initiated_not_allowed');
  const expiresAt = replayHorizon(assertion, confirmation, skewMs);
  if (!(await rememberAssertion(db, config.connectionId, assertion.id, expiresAt))) {
    throw new SamlRejected('replayed');
  }
  let relayState: string | null = null;
  let connectionTestId: string | null = null;
  if (requestId !== undefined) {
    const request = await consumeSamlRequest(db, config.connectionId, requestId);
    if (!request) throw new SamlRejected('unknown_in_response_to');
    relayState = request.relayState;
    connectionTestId = request.connectionTestId ?? null;
  }
  return {
    profile: {
      nameId: assertion.nameId,
      nameIdFormat: assertion.nameIdFormat ?? null,
      sessionIndex: assertion.sessionIndex ?? null,
      attributes: assertion.attributes,
      issuer: assertion.issuer,
      inResponseTo: requestId ?? null,
    },
    relayState,
    connectionTestId,
  };
}
