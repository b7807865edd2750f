// The one mail module of the platform. Every message is recorded in mail_messages; with
// GATEHOUSE_SMTP_URL set it is also handed to that SMTP server, otherwise it stays in the database
// for the development mailbox (/dev/mailbox).
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** Sends (or keeps, in development) one message; resolves with its msg_ id. Never throws for SMTP failures: they are recorded on the message. */
  send(message: OutgoingMail): Promise<string>;
}
