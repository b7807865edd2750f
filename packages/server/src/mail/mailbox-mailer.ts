// The development transport: messages are kept in the database and shown at /dev/mailbox.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';
import { recordMessage } from './mail-store.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';
import { prepareMail } from './outgoing.ts';

export class MailboxMailer implements Mailer {
  readonly transport = 'mailbox';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly from: string,
  ) {}

  async send(message: OutgoingMail): Promise<string> {
    const mail = prepareMail(message);
    const id = newId('msg');
    await recordMessage(this.db, {
      id,
      to_address: mail.to,
      from_address: this.from,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      transport: 'mailbox',
      status: 'stored',
      error: null,
      created_at: isoNow(),
      sent_at: null,
    });
    return id;
  }
}
