// Mail addresses as the platform accepts them: one plain address per recipient, and a From of the
// form `Name <address>` or `address`. Strict on purpose: a CR, LF, comma or second address in a
// recipient is how header injection and silent extra recipients start.
import { domainToASCII } from 'node:url';

export interface Mailbox {
  name: string;
  address: string;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const NAMED = /^(?:"([^"\r\n]*)"|([^<>"\r\n]*?))\s*<([^<>\s]+)>$/;

/** The address in ASCII form (an IDN domain becomes punycode), or undefined when it is not one address. */
export function normalizeAddress(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > 254 || /[\s,;<>"()\\]/.test(text)) return undefined;
  const at = text.lastIndexOf('@');
  if (at < 1) return undefined;
  const local = text.slice(0, at);
  const given = text.slice(at + 1);
  // An ASCII address is kept as written (callers look mail up by it); an IDN domain becomes punycode.
  const domain = /^[\x21-\x7e]*$/.test(given) ? given : domainToASCII(given);
  if (local.length > 64 || !LOCAL_PART.test(local)) return undefined;
  // Single-label domains (localhost) are allowed: development setups send to them.
  if (!domain || domain.length > 253 || !domain.split('.').every((label) => LABEL.test(label))) {
    return undefined;
  }
  return `${local}@${domain}`;
}

/** Parses `Name <address>` or a bare address; undefined when it is neither. */
export function parseMailbox(raw: string): Mailbox | undefined {
  const text = raw.trim();
  if (/[\r\n]/.test(text)) return undefined;
  const named = NAMED.exec(text);
  const address = normalizeAddress(named ? (named[3] ?? '') : text);
  if (!address) return undefined;
  return { name: (named?.[1] ?? named?.[2] ?? '').trim(), address };
}

export function formatMailbox(mailbox: Mailbox): string {
  return mailbox.name ? `${mailbox.name} <${mailbox.address}>` : mailbox.address;
}
