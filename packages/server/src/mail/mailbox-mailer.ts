// The development transport: messages are kept in the database and shown at /dev/mailbox.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';

export class MailboxMailer implements Mailer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly from: string,
  ) {}

  async send(message: OutgoingMail): Promise<string> {
    const id = newId('msg');
    await this.db
      .insertInto('mail_messages')
      .values({
        id,
        to_address: message.to,
        from_address: this.from,
        subject: message.subject,
        text_body: message.text,
        html_body: message.html ?? null,
        transport: 'mailbox',
        status: 'stored',
        error: null,
        created_at: isoNow(),
        sent_at: null,
      })
      .execute();
    return id;
  }
}
