// Validation of the organization fields a caller sends. Every message names the field.
import { invalidArgument } from '../contract/api-error.ts';

const MAX_NAME = 200;
const MAX_EXTERNAL_ID = 255;
const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY = 64;
const MAX_METADATA_VALUE = 1024;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function displayName(value: string | undefined): string {
  const name = (value ?? '').trim();
  if (name === '') throw invalidArgument('display_name is required');
  if (name.length > MAX_NAME) throw invalidArgument(`display_name must be at most ${MAX_NAME} characters`);
  return name;
}

/** An external id, or null when absent/empty (which clears it on update). */
export function externalId(value: string | undefined): string | null {
  if (value === undefined) return null;
  const id = value.trim();
  if (id === '') return null;
  if (id.length > MAX_EXTERNAL_ID)
    throw invalidArgument(`external_id must be at most ${MAX_EXTERNAL_ID} characters`);
  return id;
}

export function metadata(value: Record<string, string> | undefined): Record<string, string> {
  const entries = Object.entries(value ?? {});
  if (entries.length > MAX_METADATA_KEYS)
    throw invalidArgument(`metadata may hold at most ${MAX_METADATA_KEYS} keys`);
  for (const [key, val] of entries) {
    if (key === '' || key.length > MAX_METADATA_KEY) {
      throw invalidArgument(`metadata keys must be 1-${MAX_METADATA_KEY} characters`);
    }
    if (val.length > MAX_METADATA_VALUE) {
      throw invalidArgument(`metadata.${key} must be at most ${MAX_METADATA_VALUE} characters`);
    }
  }
  return Object.fromEntries(entries);
}

export function slug(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!SLUG.test(value)) throw invalidArgument('slug must be 1-63 lowercase letters, digits or hyphens');
  return value;
}

export function logoUrl(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('logo_url must be an http(s) URL');
}

export function requiredId(value: string | undefined, field = 'id'): string {
  if (!value) throw invalidArgument(`${field} is required`);
  return value;
}
