// Chooses the platform's transport from the configuration: SMTP when GATEHOUSE_SMTP_URL is set,
// the database-only development mailbox otherwise.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../store/schema.ts';
import { formatMailbox, parseMailbox } from './mail-address.ts';
import { MailboxMailer } from './mailbox-mailer.ts';
import type { Mailer } from './mailer.ts';
import { SmtpMailer } from './smtp-mailer.ts';
import { describeSmtp, parseSmtpUrl } from './smtp-url.ts';

export function createMailer(config: Config, db: Kysely<Database>, logger: Logger): Mailer {
  // config.ts has already validated both values; a failure here is a programming error.
  const from = parseMailbox(config.mailFrom);
  if (!from) throw new Error('GATEHOUSE_MAIL_FROM is not a valid mailbox');
  if (config.smtpUrl === undefined) {
    logger.info(
      { devMailbox: config.devMailbox },
      'no GATEHOUSE_SMTP_URL: mail is kept in the database' +
        (config.devMailbox ? ' and shown at /dev/mailbox' : ''),
    );
    return new MailboxMailer(db, formatMailbox(from));
  }
  const settings = parseSmtpUrl(config.smtpUrl);
  logger.info({ relay: describeSmtp(settings) }, 'mail is sent through SMTP');
  return new SmtpMailer(db, from, settings, logger);
}
