// The production transport: each message is recorded as 'queued', handed to the SMTP relay, then
// marked 'sent' or 'failed'. Recording first means a crash mid-delivery leaves a visible 'queued'
// row rather than no trace. Failures are logged and recorded, never thrown: the caller's operation
// (an invitation, a magic link) has already happened and must not be reported as failed.
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';
import { formatMailbox, type Mailbox } from './mail-address.ts';
import { markFailed, markSent, recordMessage } from './mail-store.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';
import { prepareMail } from './outgoing.ts';
import { describeSmtp, type SmtpSettings } from './smtp-url.ts';
import { describeSmtpError } from './smtp-error.ts';

const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

export class SmtpMailer implements Mailer {
  readonly transport = 'smtp';
  readonly #transporter: Transporter;
  readonly #secrets: string[];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly from: Mailbox,
    private readonly settings: SmtpSettings,
    private readonly logger: Logger,
  ) {
    this.#transporter = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.auth,
      requireTLS: settings.requireTLS,
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      // nodemailer's own logger would print the SMTP dialogue, AUTH exchange included.
      logger: false,
      debug: false,
    });
    this.#secrets = [settings.auth?.pass ?? '', settings.auth?.user ?? ''].filter((s) => s.length >= 3);
  }

  async send(message: OutgoingMail): Promise<string> {
    const mail = prepareMail(message);
    const id = newId('msg');
    await recordMessage(this.db, {
      id,
      to_address: mail.to,
      from_address: formatMailbox(this.from),
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      transport: 'smtp',
      status: 'queued',
      error: null,
      created_at: isoNow(),
      sent_at: null,
    });
    try {
      await this.#transporter.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html === null ? {} : { html: mail.html }),
        headers: { 'X-Gatehouse-Message-Id': id },
      });
      await markSent(this.db, id);
    } catch (error) {
      const reason = describeSmtpError(error, this.#secrets);
      // Only chosen fields: the error object can carry the SMTP command that failed.
      this.logger.warn({ messageId: id, relay: describeSmtp(this.settings), reason }, 'mail delivery failed');
      await markFailed(this.db, id, reason);
    }
    return id;
  }
}
