// Reads the body of a hosted form POST (application/x-www-form-urlencoded) strictly: at most 16 KB,
// UTF-8 only, well-formed percent-encoding only, and each field at most once. A duplicate field is
// refused rather than resolved (first or last): our forms never send one, and two layers picking
// different copies is how parameter-pollution attacks work.
import { ApiError } from '../contract/api-error.ts';
import { readBody } from '../http/request-body.ts';
import type { AnyRequest } from '../http/respond.ts';

export const MAX_FORM_BYTES = 16 * 1024;

/** Why a form body was refused, with the HTTP status to answer with (the page is the caller's). */
export class FormBodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'FormBodyError';
  }
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readFormBody(req: AnyRequest, limit = MAX_FORM_BYTES): Promise<Record<string, string>> {
  checkContentType(req.headers['content-type']);
  let bytes: Buffer;
  try {
    bytes = await readBody(req, limit);
  } catch (error) {
    if (error instanceof ApiError && error.errorCode === 'PAYLOAD_TOO_LARGE') {
      throw new FormBodyError(413, error.message);
    }
    throw error;
  }
  return parseFormBody(bytes);
}

function checkContentType(header: string | undefined): void {
  const [type = '', ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (type !== FORM_TYPE) throw new FormBodyError(415, `content-type must be ${FORM_TYPE}`);
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && value !== 'utf-8') throw new FormBodyError(415, 'form charset must be UTF-8');
  }
}

/** The fields of a urlencoded body, in a prototype-less object. */
export function parseFormBody(bytes: Buffer): Record<string, string> {
  const text = decodeUtf8(bytes);
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (name === '__proto__') throw new FormBodyError(400, 'field "__proto__" is not allowed');
    if (Object.hasOwn(fields, name)) throw new FormBodyError(400, `field "${name}" is sent more than once`);
    fields[name] = value;
  }
  return fields;
}

/** `+` is a space; every `%` must start two hex digits; the bytes they encode must be UTF-8. */
function decodeComponent(encoded: string): string {
  const spaced = encoded.replaceAll('+', ' ');
  if (!spaced.includes('%')) return spaced;
  if (/%(?![0-9A-Fa-f]{2})/.test(spaced))
    throw new FormBodyError(400, 'malformed percent-encoding in form body');
  try {
    // Throws URIError on any invalid UTF-8 sequence (overlong forms and lone surrogates included).
    return decodeURIComponent(spaced);
  } catch {
    throw new FormBodyError(400, 'form body is not valid UTF-8');
  }
}

function decodeUtf8(bytes: Buffer | Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new FormBodyError(400, 'form body is not valid UTF-8');
  }
}
