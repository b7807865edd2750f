// Reading the mail a test SMTP receiver got as a person would: the decoded text part (nodemailer
// sends long lines quoted-printable, which splits and escapes links), and waiting for the next
// message to one address, since credential mails may leave after the page has answered.
import { header, type ReceivedMail, type SmtpReceiver } from './smtp-receiver.ts';

export interface ReadMail {
  to: string;
  subject: string;
  /** The text/plain part, decoded. */
  text: string;
}

/** The message's text/plain body, whatever its transfer encoding (7bit, quoted-printable, base64). */
export function plainText(raw: string): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(
    raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '',
  )?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const part of parts) {
    const [head = '', ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const body = rest.join('\n\n');
    const type = /^content-type:\s*([^;\r\n]+)/im.exec(head)?.[1]?.trim().toLowerCase() ?? 'text/plain';
    if (type !== 'text/plain') continue;
    const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase() ?? '7bit';
    if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
    return body;
  }
  throw new Error('the message has no text/plain part');
}

function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function read(mail: ReceivedMail): ReadMail {
  return { to: mail.to.join(', '), subject: header(mail.raw, 'Subject') ?? '', text: plainText(mail.raw) };
}

/**
 * The first message to `to` among those received after the first `since` messages; waits for it.
 * Take `since = receiver.received.length` before the action that sends the mail.
 */
export async function waitForMail(
  receiver: SmtpReceiver,
  to: string,
  since: number,
  timeoutMs = 10_000,
): Promise<ReadMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = receiver.received
      .slice(since)
      .find((m) => m.to.some((address) => address.toLowerCase() === to.toLowerCase()));
    if (found) return read(found);
    if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The one match of `pattern`'s first group in a mail's text, or a clear failure. */
export function pick(mail: ReadMail, pattern: RegExp): string {
  const found = pattern.exec(mail.text)?.[1];
  if (!found) throw new Error(`"${mail.subject}" has nothing matching ${pattern}:\n${mail.text}`);
  return found;
}
