// GET /dev/mailbox and /dev/mailbox/<msg_id>: served only while config.devMailbox is on (no SMTP
// relay, loopback public URL, or explicitly enabled); otherwise these paths do not exist.
import type { AppContext } from '../app-context.ts';
import { findMessage, recentMessages } from './mail-store.ts';
import { listPage, MAILBOX_PATH, messagePage, notFoundPage } from './mailbox-page.ts';

export { MAILBOX_PATH };

const LIST_LIMIT = 200;
const MESSAGE_ID = /^msg_[0-9a-z]{26}$/;

export interface HtmlPage {
  status: number;
  html: string;
}

export function isMailboxPath(ctx: AppContext, method: string | undefined, path: string): boolean {
  if (!ctx.config.devMailbox || (method !== 'GET' && method !== 'HEAD')) return false;
  return path === MAILBOX_PATH || path === `${MAILBOX_PATH}/` || path.startsWith(`${MAILBOX_PATH}/`);
}

export async function mailboxPage(ctx: AppContext, path: string): Promise<HtmlPage> {
  const rest = path.slice(MAILBOX_PATH.length).replace(/^\//, '');
  if (rest === '')
    return { status: 200, html: listPage(await recentMessages(ctx.db, LIST_LIMIT), LIST_LIMIT) };
  const row = MESSAGE_ID.test(rest) ? await findMessage(ctx.db, rest) : undefined;
  return row ? { status: 200, html: messagePage(row) } : { status: 404, html: notFoundPage() };
}
