// What the credential services need from the platform: a narrow slice of the application context,
// so they can be built while the context itself is being assembled (server.ts).
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Engine } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { AttemptLimits } from './attempt-limits.ts';

export interface CredentialDeps {
  db: Kysely<Database>;
  engine: Engine;
  environmentId: string;
  config: Config;
  logger: Logger;
  mail: Mailer;
  attempts: AttemptLimits;
}
