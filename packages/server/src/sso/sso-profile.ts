// The person an IdP asserted, read through the connection's attribute mapping (our claim → the IdP
// attribute carrying it). The email falls back to the NameID when it looks like an address, which
// is what the EMAIL name-id format means.
import type { SamlProfile } from './saml/saml-response.ts';

export interface SsoPerson {
  email: string;
  givenName?: string | undefined;
  familyName?: string | undefined;
  groups: string[];
}

const first = (values: string[] | undefined) => values?.find((v) => v.trim() !== '')?.trim();

/** Undefined when the assertion names no email address. */
export function mapSsoPerson(profile: SamlProfile, mappingJson: string): SsoPerson | undefined {
  const mapping = JSON.parse(mappingJson) as Record<string, string>;
  const attr = (claim: string) => {
    const name = mapping[claim];
    return name ? profile.attributes[name] : undefined;
  };
  const email = first(attr('email')) ?? (profile.nameId.includes('@') ? profile.nameId : undefined);
  if (!email) return undefined;
  return {
    email,
    givenName: first(attr('given_name')),
    familyName: first(attr('family_name')),
    groups: (attr('groups') ?? []).filter((g) => g.trim() !== ''),
  };
}
