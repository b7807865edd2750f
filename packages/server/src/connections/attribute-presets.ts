// Which IdP attribute carries each profile claim, per provider, applied when a connection is created
// without a mapping. The names are the ones each IdP's SAML app templates send by default (OIDC
// connections read standard claims, so their preset is the standard claim names).
const CLAIMS_2005 = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const MS_CLAIMS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims';

const SIMPLE = { email: 'email', given_name: 'firstName', family_name: 'lastName', groups: 'groups' };

// Entra ID and ADFS send WS-Federation claim URIs; Entra's groups are object ids.
const MICROSOFT = {
  email: `${CLAIMS_2005}/emailaddress`,
  given_name: `${CLAIMS_2005}/givenname`,
  family_name: `${CLAIMS_2005}/surname`,
  groups: `${MS_CLAIMS}/groups`,
};

const SAML_PRESETS: Record<string, Record<string, string>> = {
  OKTA: SIMPLE,
  GOOGLE: SIMPLE,
  JUMPCLOUD: SIMPLE,
  MICROSOFT_AD: MICROSOFT,
  MICROSOFT: MICROSOFT,
  ADFS: { ...MICROSOFT, groups: `${MS_CLAIMS}/role` },
  ONELOGIN: {
    email: 'User.email',
    given_name: 'User.FirstName',
    family_name: 'User.LastName',
    groups: 'memberOf',
  },
  PING_IDENTITY: { email: 'mail', given_name: 'givenName', family_name: 'sn', groups: 'memberOf' },
  IDP_SIMULATOR: SIMPLE,
  CUSTOM: SIMPLE,
};

const OIDC_PRESET = {
  email: 'email',
  given_name: 'given_name',
  family_name: 'family_name',
  groups: 'groups',
};

export function presetMapping(provider: string, type: 'SAML' | 'OIDC'): Record<string, string> {
  if (type === 'OIDC') return { ...OIDC_PRESET };
  return { ...(SAML_PRESETS[provider] ?? SIMPLE) };
}
