// The mail settings of config.ts: where mail goes (GATEHOUSE_SMTP_URL), who it is from
// (GATEHOUSE_MAIL_FROM), and whether the development mailbox page is served (GATEHOUSE_DEV_MAILBOX).
import { parseMailbox } from './mail-address.ts';
import { parseSmtpUrl } from './smtp-url.ts';

export interface MailConfig {
  /** GATEHOUSE_SMTP_URL: smtp:// or smtps:// relay; unset keeps mail in the database for /dev/mailbox. */
  smtpUrl: string | undefined;
  /** GATEHOUSE_MAIL_FROM: the From of every message. */
  mailFrom: string;
  /**
   * GATEHOUSE_DEV_MAILBOX (auto | true | false), resolved: whether /dev/mailbox shows stored mail.
   * `auto` serves it only without SMTP and while the public URL is a loopback address, because the
   * page is unauthenticated and the mail it shows carries sign-in and invitation links.
   */
  devMailbox: boolean;
}

export const DEFAULT_MAIL_FROM = 'Gatehouse <no-reply@localhost>';

export function readMailConfig(
  read: (name: string) => string | undefined,
  publicUrl: string,
  problems: string[],
): MailConfig {
  const smtpUrl = read('GATEHOUSE_SMTP_URL');
  if (smtpUrl !== undefined) {
    try {
      parseSmtpUrl(smtpUrl);
    } catch (error) {
      // The value itself is not echoed: it may hold the relay's password.
      problems.push(`GATEHOUSE_SMTP_URL: ${(error as Error).message}`);
    }
  }
  const mailFrom = read('GATEHOUSE_MAIL_FROM') ?? DEFAULT_MAIL_FROM;
  if (!parseMailbox(mailFrom)) {
    problems.push(
      `GATEHOUSE_MAIL_FROM=${JSON.stringify(mailFrom)}: expected "Name <address@domain>" or "address@domain"`,
    );
  }
  const mode = (read('GATEHOUSE_DEV_MAILBOX') ?? 'auto').toLowerCase();
  let devMailbox = false;
  if (mode === 'auto') devMailbox = smtpUrl === undefined && isLoopbackUrl(publicUrl);
  else if (mode === 'true') {
    if (smtpUrl !== undefined) problems.push('GATEHOUSE_DEV_MAILBOX=true needs GATEHOUSE_SMTP_URL unset');
    devMailbox = smtpUrl === undefined;
  } else if (mode !== 'false') {
    problems.push(`GATEHOUSE_DEV_MAILBOX=${JSON.stringify(mode)}: expected auto, true or false`);
  }
  return { smtpUrl, mailFrom, devMailbox };
}

function isLoopbackUrl(publicUrl: string): boolean {
  let host: string;
  try {
    host = new URL(publicUrl).hostname;
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
