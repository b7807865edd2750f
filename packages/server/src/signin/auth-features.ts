// What the hosted login offers in this environment, for a page's script to lay itself out: public
// (no sign-in cookie needed), since every visitor of the sign-in page sees the same thing anyway.
import type { AppContext } from '../app-context.ts';
import { typeFor } from '../passwordless/passwordless-rules.ts';

/** GetAuthFeatures' `features`: what a person can do on the hosted login. */
export function authFeatures(ctx: AppContext): Record<string, string | boolean | number> {
  const passwordlessType = typeFor(ctx.config.passwordlessType, true);
  return {
    password: true,
    passwordless: true,
    passwordless_type: passwordlessType,
    otp_length: passwordlessType === 'LINK' ? 0 : 6,
    sign_up: true,
    // A person with no organization names one and becomes its first member (SignupOrganization).
    organization_signup: true,
    // Enterprise SSO: an email whose domain has a connection is sent to its IdP (home-realm discovery).
    sso: true,
    social_login: false,
    passkeys: false,
  };
}

/** GetAuthCustomizations' `customization_settings`: the product name the pages show. */
export function authCustomizations(ctx: AppContext): Record<string, string> {
  return { app_name: ctx.config.appName };
}
