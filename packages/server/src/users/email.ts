// Email addresses: a sensible subset of RFC 5322 (a dot-atom local part at a DNS domain), at most
// 254 characters as SMTP allows. Quoted local parts, comments, IP-literal domains and non-ASCII
// (SMTPUTF8) addresses are refused: they are legal but almost always a mistake or an attack on
// whatever later parses the address. Uniqueness is case-insensitive, through the lower-cased form.
import { invalidArgument } from '../contract/api-error.ts';

const MAX_EMAIL = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
// atext of RFC 5322 §3.2.3, in dot-separated atoms (no leading, trailing or double dots).
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
// A top-level domain is letters, or an IDNA A-label (xn--…); never all digits.
const TOP_LABEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

export interface Email {
  /** As given (trimmed): what mail is sent to and what the API returns. */
  address: string;
  /** Lower-cased: what uniqueness and lookups compare. */
  normalized: string;
}

/** Why `address` is not an acceptable email, or undefined when it is. */
function problem(address: string): string | undefined {
  if (address.length > MAX_EMAIL) return `must be at most ${MAX_EMAIL} characters`;
  const at = address.lastIndexOf('@');
  if (at < 1) return 'must look like name@example.com';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > MAX_LOCAL) return `must have at most ${MAX_LOCAL} characters before the @`;
  if (!LOCAL_PART.test(local)) return 'has characters that are not allowed before the @';
  const labels = domain.split('.');
  if (labels.length < 2) return 'must have a domain with a dot, like example.com';
  for (const label of labels) {
    if (label.length > MAX_LABEL || !LABEL.test(label)) return `has an invalid domain "${domain}"`;
  }
  if (!TOP_LABEL.test(labels[labels.length - 1] ?? '')) return `has an invalid domain "${domain}"`;
  return undefined;
}

export function parseEmail(value: string | undefined, field = 'email'): Email {
  const address = (value ?? '').trim();
  if (address === '') throw invalidArgument(`${field} is required`);
  const why = problem(address);
  if (why) throw invalidArgument(`${field} ${why}`);
  return { address, normalized: address.toLowerCase() };
}

/** An optional email (inviter_email): undefined or '' means none. */
export function optionalEmail(value: string | undefined, field: string): string | null {
  if (value === undefined || value.trim() === '') return null;
  return parseEmail(value, field).address;
}
