// Opaque keyset cursors for list endpoints. A cursor names the id to continue after (forward) or
// before (backward); because ids only grow, concurrent inserts and deletes never shift a page, so
// paging through a changing table gives neither duplicates nor skipped rows that existed throughout.
import { invalidArgument } from '../contract/api-error.ts';

export interface Cursor {
  direction: 'next' | 'prev';
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.direction === 'next' ? 'n' : 'p'}:${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(token: string): Cursor | undefined {
  if (token === '') return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  // Ids are generated (prefix_base32) except a fixed bootstrap client id, which may also hold A-Z, - and _.
  const match = /^([np]):([a-z]+_[0-9A-Za-z_-]{1,64})$/.exec(text);
  if (!match) throw invalidArgument('page_token is not a token this server issued');
  return { direction: match[1] === 'n' ? 'next' : 'prev', id: match[2] as string };
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export function pageSize(requested: number): number {
  if (requested === 0) return DEFAULT_PAGE_SIZE;
  if (requested < 0 || requested > MAX_PAGE_SIZE) {
    throw invalidArgument(`page_size must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return requested;
}
