// What a successful connection test reports: the person the IdP asserted, read through the
// connection's attribute mapping exactly as a sign-in would read it, beside every attribute received,
// so an admin sees at once whether the mapping finds the email, names and groups. An answer a sign-in
// could not use (no email) is a failure, with the attributes received to fix the mapping.
import type { SamlProfile } from '../saml/saml-response.ts';
import { mapSsoPerson } from '../sso-profile.ts';
import type { TestOutcome } from './test-outcome.ts';

/** OIDC claims about the token rather than the person: left out of what the admin is shown. */
const PROTOCOL_CLAIMS = new Set([
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'sid',
  'auth_time',
]);

export interface TestSubject {
  /** SAML: the NameID and its format. */
  nameId?: string | undefined;
  nameIdFormat?: string | null | undefined;
  /** OIDC: the subject. */
  sub?: string | undefined;
}

export function testOutcome(profile: SamlProfile, mappingJson: string, subject: TestSubject): TestOutcome {
  const attributes = Object.fromEntries(
    Object.entries(profile.attributes).filter(
      ([name]) => subject.sub === undefined || !PROTOCOL_CLAIMS.has(name),
    ),
  );
  const ids = {
    ...(subject.nameId !== undefined
      ? { name_id: subject.nameId, name_id_format: subject.nameIdFormat ?? null }
      : {}),
    ...(subject.sub !== undefined ? { sub: subject.sub } : {}),
    issuer: profile.issuer,
  };
  const person = mapSsoPerson(profile, mappingJson);
  if (!person) {
    return {
      status: 'FAILURE',
      error: 'missing_email',
      description:
        "The identity provider's answer was valid but carried no email address: check the attribute mapping of `email` (or send an email NameID).",
      details: { ...ids, attribute_mapping: JSON.parse(mappingJson) as unknown, attributes },
    };
  }
  return {
    status: 'SUCCESS',
    userInfo: {
      email: person.email,
      given_name: person.givenName ?? null,
      family_name: person.familyName ?? null,
      groups: person.groups,
      ...ids,
      attributes,
    },
  };
}
