// Checks made on the signed assertion: its Conditions (validity window, and an AudienceRestriction
// naming us), the issuer, and a bearer SubjectConfirmation addressed to our ACS and still inside its
// window (SAML Web SSO profile 4.1.4.2), whose InResponseTo agrees with the Response's.
import type { SignedAssertion, BearerConfirmation } from './saml-assertion.ts';
import { SamlRejected } from './saml-rejected.ts';

export interface AssertionExpectations {
  idpEntityId: string;
  acsUrl: string;
  skewMs: number;
  nowMs: number;
}

/**
 * The assertion's Conditions, as node-saml checked them: one Conditions element at most, its
 * NotBefore / NotOnOrAfter within the skew, and at least one AudienceRestriction, each of which
 * names our entity id.
 */
export function checkConditions(
  assertion: SignedAssertion,
  expected: { spEntityId: string; skewMs: number; nowMs: number },
): void {
  if (assertion.conditionsCount > 1) throw new SamlRejected('malformed');
  if (assertion.issueInstant === undefined) throw new SamlRejected('malformed');
  timeOf(assertion.issueInstant);
  const { conditionsNotBefore: notBefore, conditionsNotOnOrAfter: notOnOrAfter } = assertion;
  if (notBefore !== undefined && expected.nowMs + expected.skewMs < timeOf(notBefore)) {
    throw new SamlRejected('not_yet_valid');
  }
  if (notOnOrAfter !== undefined && expected.nowMs - expected.skewMs >= timeOf(notOnOrAfter)) {
    throw new SamlRejected('expired');
  }
  const restrictions = assertion.audienceRestrictions;
  if (
    restrictions.length === 0 ||
    restrictions.some((audiences) => !audiences.includes(expected.spEntityId))
  ) {
    throw new SamlRejected('wrong_audience');
  }
}

/** The bearer confirmation that authorizes this delivery; refuses when there is none. */
export function checkSignedAssertion(
  assertion: SignedAssertion,
  expected: AssertionExpectations,
): BearerConfirmation {
  if (assertion.issuer !== expected.idpEntityId) throw new SamlRejected('wrong_issuer');
  const addressed = assertion.confirmations.filter((c) => c.recipient === expected.acsUrl);
  if (addressed.length === 0) throw new SamlRejected('wrong_recipient');
  let refusal: SamlRejected = new SamlRejected('expired');
  for (const confirmation of addressed) {
    // A bearer confirmation without NotOnOrAfter would be valid forever: the profile requires it.
    if (!confirmation.notOnOrAfter) continue;
    if (expected.nowMs - expected.skewMs >= timeOf(confirmation.notOnOrAfter)) continue;
    if (confirmation.notBefore && expected.nowMs + expected.skewMs < timeOf(confirmation.notBefore)) {
      refusal = new SamlRejected('not_yet_valid');
      continue;
    }
    return confirmation;
  }
  throw refusal;
}

/**
 * The request this response answers, taken from the signed confirmation. The Response's own
 * InResponseTo (unsigned when only the assertion is signed) must agree with it or be absent.
 */
export function answeredRequestId(
  confirmation: BearerConfirmation,
  responseInResponseTo?: string,
): string | undefined {
  const signed = confirmation.inResponseTo;
  if (responseInResponseTo !== undefined && responseInResponseTo !== signed) {
    throw new SamlRejected('in_response_to_mismatch');
  }
  return signed;
}

/** Until when the assertion id must be remembered: its latest expiry, plus the skew. */
export function replayHorizon(
  assertion: SignedAssertion,
  confirmation: BearerConfirmation,
  skewMs: number,
): string {
  const times = [confirmation.notOnOrAfter, assertion.conditionsNotOnOrAfter]
    .filter((t): t is string => t !== undefined)
    .map(timeOf);
  return new Date(Math.max(...times) + skewMs).toISOString();
}

function timeOf(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SamlRejected('malformed');
  return ms;
}
