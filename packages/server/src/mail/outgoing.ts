// Checks one outgoing message before anything is recorded or sent: exactly one recipient address,
// a one-line subject, bounded bodies.
import { invalidArgument } from '../contract/api-error.ts';
import { normalizeAddress } from './mail-address.ts';
import type { OutgoingMail } from './mailer.ts';

const MAX_SUBJECT = 998; // the longest header line RFC 5322 allows
const MAX_BODY = 1_000_000;

export interface PreparedMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export function prepareMail(message: OutgoingMail): PreparedMail {
  const to = normalizeAddress(message.to);
  if (!to) throw invalidArgument('mail recipient must be exactly one email address');
  // A line break in a subject would start a new header; fold it into a space instead.
  const subject = message.subject.replace(/[\r\n]+/g, ' ').trim();
  if (subject === '' || subject.length > MAX_SUBJECT) {
    throw invalidArgument(`mail subject must be 1-${MAX_SUBJECT} characters`);
  }
  if (message.text.length > MAX_BODY || (message.html?.length ?? 0) > MAX_BODY) {
    throw invalidArgument('mail body is too large');
  }
  return { to, subject, text: message.text, html: message.html ?? null };
}
