// Builds the credential services of the application context (server.ts): the shared attempt
// counters, password credentials and passwordless sign-in, over one set of dependencies.
import { Passwordless } from '../passwordless/passwordless.ts';
import { codeKeyFrom } from '../passwordless/passwordless-secrets.ts';
import { AttemptLimits } from './attempt-limits.ts';
import type { CredentialDeps } from './credential-deps.ts';
import { PasswordCredentials } from './password-login.ts';

export interface CredentialServices {
  attempts: AttemptLimits;
  passwords: PasswordCredentials;
  passwordless: Passwordless;
}

export function credentialServices(
  base: Omit<CredentialDeps, 'attempts'>,
  masterKey: Buffer,
): CredentialServices {
  const attempts = new AttemptLimits(base.db);
  const deps: CredentialDeps = { ...base, attempts };
  return {
    attempts,
    passwords: new PasswordCredentials(deps),
    passwordless: new Passwordless(deps, codeKeyFrom(masterKey)),
  };
}
