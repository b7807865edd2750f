// The application context: every service a handler may need, built once per process (or per test
// server) over one database. Tests build the same context over a test database instead of mocking.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './store/schema.ts';
import type { Store } from './store/database.ts';
import type { SecretBox } from './store/secret-box.ts';
import type { SigningKeys } from './keys/signing-keys.ts';
import type { AccessTokens } from './auth/access-tokens.ts';
import type { ApiClients } from './auth/api-clients.ts';
import type { RateLimiter } from './http/rate-limiter.ts';
import type { Mailer } from './mail/mailer.ts';
import type { AttemptLimits } from './credentials/attempt-limits.ts';
import type { PasswordCredentials } from './credentials/password-login.ts';
import type { Passwordless } from './passwordless/passwordless.ts';
import type { UserSessions } from './sessions/session-store.ts';
import type { OidcRelyingParty } from './sso/oidc/oidc-rp.ts';

export interface AppContext {
  config: Config;
  logger: Logger;
  store: Store;
  db: Kysely<Database>;
  box: SecretBox;
  environmentId: string;
  keys: SigningKeys;
  tokens: AccessTokens;
  clients: ApiClients;
  mail: Mailer;
  /** Database-backed counters of credential attempts, shared by every instance (credentials/). */
  attempts: AttemptLimits;
  /** Passwords: sign-in, sign-up, reset (credentials/password-login.ts). */
  passwords: PasswordCredentials;
  /** Passwordless codes and magic links (passwordless/passwordless.ts). */
  passwordless: Passwordless;
  /** User sessions of the hosted login (sessions/session-store.ts). */
  sessions: UserSessions;
  /** The OIDC relying party towards organizations' IdPs (sso/oidc/oidc-rp.ts), one per process. */
  oidcRp: OidcRelyingParty;
  limits: {
    token: RateLimiter;
    api: RateLimiter;
  };
}
