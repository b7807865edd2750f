// The one mail module of the platform. Every message is recorded in mail_messages; with
// GATEHOUSE_SMTP_URL set it is also handed to that SMTP server, otherwise it stays in the database
// for the development mailbox (/dev/mailbox). Send after the transaction that caused the mail has
// committed: a message cannot be unsent when a transaction rolls back.
export interface OutgoingMail {
  /** One address; an IDN domain is sent as punycode. */
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** 'smtp' hands mail to a relay; 'mailbox' keeps it for /dev/mailbox. */
  readonly transport: 'smtp' | 'mailbox';
  /**
   * Sends (or keeps, in development) one message; resolves with its msg_ id. Throws INVALID_ARGUMENT
   * for a recipient that is not one address; never throws for SMTP failures: they are logged and
   * recorded on the message (status 'failed' with the error).
   */
  send(message: OutgoingMail): Promise<string>;
}
