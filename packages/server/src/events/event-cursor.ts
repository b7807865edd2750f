// Page tokens for the event log. Events are ordered by `seq` (the table's total order), not by id,
// so the cursor names a seq; the `e` tag keeps these tokens apart from the id cursors of other
// lists, and anything else is refused rather than guessed at.
import { invalidArgument } from '../contract/api-error.ts';

export interface EventCursor {
  /** next: older events than `seq` (the list is newest-first); prev: newer ones. */
  direction: 'next' | 'prev';
  seq: number;
}

export function encodeEventCursor(cursor: EventCursor): string {
  return Buffer.from(`e:${cursor.direction === 'next' ? 'n' : 'p'}:${cursor.seq}`, 'utf8').toString(
    'base64url',
  );
}

export function decodeEventCursor(token: string): EventCursor | undefined {
  if (token === '') return undefined;
  const match = /^e:([np]):([1-9][0-9]{0,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const seq = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(seq))
    throw invalidArgument('page_token is not a token this server issued');
  return { direction: match[1] === 'n' ? 'next' : 'prev', seq };
}
