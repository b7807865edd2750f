// Validation of what an admin types into a connection: IdP URLs, entity ids, button titles and
// attribute mappings. Every value is checked before it reaches the database; a bad one is a 400.
import { invalidArgument } from '../contract/api-error.ts';

const MAX_URL = 2048;
const MAX_ENTITY_ID = 1024;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An IdP endpoint: https, or http only on loopback (a development IdP on the same machine). Anything
 * else would send assertions or client secrets in clear over the network.
 */
export function idpUrl(value: string, field: string): string {
  const text = value.trim();
  if (text.length > MAX_URL) throw invalidArgument(`${field} is longer than ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidArgument(`${field} is not a URL`);
  }
  const loopback = LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidArgument(`${field} must be an https URL (http is allowed only for localhost)`);
  }
  if (url.username || url.password) throw invalidArgument(`${field} must not carry credentials`);
  return url.toString();
}

/** A SAML entity id: a URI or URN in practice; any printable text without spaces, bounded. */
export function entityId(value: string, field: string): string {
  const text = value.trim();
  if (!text) throw invalidArgument(`${field} is empty`);
  if (text.length > MAX_ENTITY_ID)
    throw invalidArgument(`${field} is longer than ${MAX_ENTITY_ID} characters`);
  if (/[\s\u0000-\u001f\u007f<>"]/.test(text))
    throw invalidArgument(`${field} contains spaces or control characters`);
  return text;
}

export function buttonTitle(value: string): string {
  const text = value.trim();
  if (text.length > 100) throw invalidArgument('ui_button_title is longer than 100 characters');
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw invalidArgument('ui_button_title contains control characters');
  return text;
}

export function providerKey(value: string): string {
  const text = value.trim();
  if (text.length > 100 || /[^A-Za-z0-9_.-]/.test(text)) {
    throw invalidArgument('provider_key must be up to 100 letters, digits, "_", "." or "-"');
  }
  return text;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/;

/** Our claim name → the IdP attribute carrying it; at most 50 pairs, names bounded. */
export function attributeMapping(mapping: Record<string, string>): Record<string, string> {
  const entries = Object.entries(mapping);
  if (entries.length > 50) throw invalidArgument('attribute_mapping has more than 50 entries');
  const out: Record<string, string> = {};
  for (const [claim, attribute] of entries) {
    if (!NAME.test(claim))
      throw invalidArgument(`attribute_mapping key "${claim.slice(0, 40)}" is not a claim name`);
    const source = attribute.trim();
    if (!source || source.length > 512 || /[\u0000-\u001f\u007f]/.test(source)) {
      throw invalidArgument(`attribute_mapping value for ${claim} must be 1 to 512 printable characters`);
    }
    out[claim] = source;
  }
  return out;
}
