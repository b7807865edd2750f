// Parses a request body as JSON defensively: UTF-8, nesting depth and `__proto__` keys (which a later
// merge could turn into prototype pollution) are checked before a service sees it. Size is capped
// while reading. Every refusal is an INVALID_ARGUMENT.
import { invalidArgument } from './api-error.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalidArgument('request body is not valid UTF-8');
  }
  checkDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidArgument(`request body is not valid JSON: ${(error as Error).message}`);
  }
  if (text.includes('__proto__')) {
    rejectDangerousKeys(value, '');
  }
  return value;
}

/** Counts bracket depth outside strings, so a deeply nested body is refused before JSON.parse. */
function checkDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH)
        throw invalidArgument(`request body is nested deeper than ${MAX_DEPTH} levels`);
    } else if (c === 125 || c === 93) depth--;
  }
}

function rejectDangerousKeys(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => rejectDangerousKeys(item, `${path}[${i}]`));
    return;
  }
  for (const key of Object.keys(value)) {
    const where = path ? `${path}.${key}` : key;
    if (key === '__proto__') throw invalidArgument(`field "${where}" is not allowed`);
    rejectDangerousKeys((value as Record<string, unknown>)[key], where);
  }
}
