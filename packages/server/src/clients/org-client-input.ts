// Validation of an organization M2M client's fields. Scopes, audience and custom claims end up in
// signed tokens, so they are held to shapes that cannot break a token or impersonate its own claims.
import { invalidArgument } from '../contract/api-error.ts';

const MAX_SCOPES = 50;
const MAX_AUDIENCE = 10;
const MAX_CLAIMS = 20;
// A strict subset of RFC 6749's scope-token: no spaces (the token's `scope` is space-joined).
const SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.:\-/]{0,99}$/;
const CLAIM_KEY = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
// Claims Gatehouse sets itself or that verifiers trust: a client must not be able to choose them.
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'client_id',
  'oid',
  'scope',
  'azp',
  'sid',
  'uid',
]);

export function name(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw invalidArgument('name must be 1-200 characters');
  return trimmed;
}

export function description(value: string): string {
  if (value.length > 1000) throw invalidArgument('description must be at most 1000 characters');
  return value;
}

export function scopes(values: string[]): string[] {
  if (values.length > MAX_SCOPES) throw invalidArgument(`at most ${MAX_SCOPES} scopes`);
  for (const scope of values) {
    if (!SCOPE.test(scope)) {
      throw invalidArgument(`scope "${scope}" must be 1-100 of letters, digits and _ . : - / (no spaces)`);
    }
  }
  return [...new Set(values)];
}

export function audience(values: string[]): string[] {
  if (values.length > MAX_AUDIENCE) throw invalidArgument(`at most ${MAX_AUDIENCE} audience values`);
  for (const value of values) {
    if (value.length < 1 || value.length > 500 || /\s/.test(value)) {
      throw invalidArgument('each audience value must be 1-500 characters without spaces');
    }
  }
  return [...new Set(values)];
}

export function customClaims(claims: { key: string; value: string }[]): Record<string, string> {
  if (claims.length > MAX_CLAIMS) throw invalidArgument(`at most ${MAX_CLAIMS} custom claims`);
  const out: Record<string, string> = {};
  for (const { key, value } of claims) {
    if (!CLAIM_KEY.test(key)) throw invalidArgument(`custom claim key "${key}" is not a valid name`);
    if (RESERVED_CLAIMS.has(key)) throw invalidArgument(`custom claim "${key}" is reserved`);
    if (key in out) throw invalidArgument(`custom claim "${key}" is repeated`);
    if (value.length > 1000) throw invalidArgument(`custom claim "${key}" must be at most 1000 characters`);
    out[key] = value;
  }
  return out;
}

/** Per-client token lifetimes are not supported: every token lives for the environment's TTL. */
export function expiry(value: bigint): void {
  if (value !== 0n) throw invalidArgument('expiry is not supported; tokens use the server-wide lifetime');
}
