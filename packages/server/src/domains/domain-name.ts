// What counts as a domain an organization can claim: a registrable host name in lower-case ASCII
// (an IDN becomes punycode), never an IP address, a wildcard, a single label, a public suffix
// (com, co.uk, github.io) or a public or disposable mail provider.
import net from 'node:net';
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { invalidArgument } from '../contract/api-error.ts';
import { blockedReason } from './blocked-domains.ts';
import { VERIFICATION_RECORD_PREFIX } from './verification-record.ts';

// The verification record `_gatehouse-verification.<domain>` must itself fit in 253 characters.
export const MAX_DOMAIN_LENGTH = 253 - VERIFICATION_RECORD_PREFIX.length - 1;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function refuse(raw: string, why: string): never {
  throw invalidArgument(`domain ${JSON.stringify(raw.slice(0, 100))} ${why}`);
}

/** The canonical form of a domain a caller sent, or INVALID_ARGUMENT saying what is wrong with it. */
export function normalizeDomain(raw: string): string {
  const text = raw.trim();
  if (text === '') throw invalidArgument('domain is required');
  // Bound the work before IDN processing; no valid domain comes near this.
  if (text.length > 1000) refuse(raw, 'is too long');
  if (text.includes('*')) refuse(raw, 'is a wildcard; add each domain itself');
  if (text.includes('@')) refuse(raw, 'is an email address; send only the part after @');
  const withoutDot = text.endsWith('.') ? text.slice(0, -1) : text;
  if (isIpAddress(withoutDot)) refuse(raw, 'is an IP address, not a domain');
  if (/[/:?#\\]/.test(text)) refuse(raw, 'must be a bare domain name, not a URL');
  const ascii = domainToASCII(withoutDot);
  if (ascii === '') refuse(raw, 'is not a valid domain name');
  // The URL host parser reads forms like 1.2.3 or 0x7f.1 as IPv4 addresses.
  if (isIpAddress(ascii)) refuse(raw, 'is an IP address, not a domain');
  if (ascii.length > MAX_DOMAIN_LENGTH) refuse(raw, `is longer than ${MAX_DOMAIN_LENGTH} characters`);
  const labels = ascii.split('.');
  if (labels.length < 2) refuse(raw, 'is a single label; a domain such as example.com is needed');
  if (!labels.every((label) => LABEL.test(label))) {
    refuse(
      raw,
      'has a label that is empty, longer than 63 characters or not letters, digits and inner hyphens',
    );
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) refuse(raw, 'has a numeric top-level label');
  const parsed = parse(ascii, { allowPrivateDomains: true, extractHostname: false });
  if (!parsed.domain) refuse(raw, 'is a public suffix shared by many owners, not one organization');
  const blocked = blockedReason(ascii, parsed.domain);
  if (blocked) throw invalidArgument(blocked);
  return ascii;
}

function isIpAddress(text: string): boolean {
  return net.isIP(text) !== 0 || net.isIP(text.replace(/^\[(.*)\]$/, '$1')) !== 0;
}
