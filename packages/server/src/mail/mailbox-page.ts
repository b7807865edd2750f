// The development mailbox: a list of stored mail and one page per message. HTML bodies are shown in
// an iframe whose srcdoc is escaped and which is sandboxed (no scripts, no same-origin access, no
// forms); the page's CSP (default-src 'none') is inherited by that iframe, so a message cannot load
// remote images, scripts or styles either.
import { escapeHtml, linkify } from './html.ts';
import type { MailRow } from './mail-store.ts';

export const MAILBOX_PATH = '/dev/mailbox';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2937}' +
  'table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e5e7eb;vertical-align:top}' +
  'pre{white-space:pre-wrap;word-break:break-word;background:#f9fafb;padding:1rem;border:1px solid #e5e7eb}' +
  'iframe{width:100%;height:32rem;border:1px solid #e5e7eb}dt{font-weight:600}dd{margin:0 0 .5rem}' +
  '.failed{color:#b91c1c}';

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · Gatehouse</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const NOTICE =
  '<p>Development mailbox: this server has no <code>GATEHOUSE_SMTP_URL</code>, so mail is kept here instead of being sent.</p>';

export function listPage(rows: MailRow[], limit: number): string {
  const items = rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.created_at)}</td><td>${escapeHtml(row.to_address)}</td>` +
        `<td><a href="${MAILBOX_PATH}/${escapeHtml(row.id)}">${escapeHtml(row.subject)}</a></td>` +
        `<td class="${row.status === 'failed' ? 'failed' : ''}">${escapeHtml(row.status)}</td></tr>`,
    )
    .join('');
  const table =
    rows.length === 0
      ? '<p>No mail yet.</p>'
      : `<table><thead><tr><th>Time (UTC)</th><th>To</th><th>Subject</th><th>Status</th></tr></thead><tbody>${items}</tbody></table>` +
        (rows.length === limit ? `<p>Showing the newest ${limit} messages.</p>` : '');
  return layout('Mailbox', `<h1>Mailbox</h1>${NOTICE}${table}`);
}

export function messagePage(row: MailRow): string {
  const field = (name: string, value: string | null) =>
    value === null ? '' : `<dt>${name}</dt><dd>${escapeHtml(value)}</dd>`;
  const header =
    `<dl>${field('From', row.from_address)}${field('To', row.to_address)}${field('Subject', row.subject)}` +
    `${field('Date', row.created_at)}${field('Status', row.status)}${field('Error', row.error)}</dl>`;
  // <base target="_blank"> opens links in a new tab; the sandbox allows only that.
  const html =
    row.html_body === null
      ? ''
      : `<h2>HTML</h2><iframe title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" srcdoc="${escapeHtml(`<base target="_blank">${row.html_body}`)}"></iframe>`;
  const text = `<h2>Text</h2><pre>${linkify(row.text_body)}</pre>`;
  return layout(
    row.subject,
    `<p><a href="${MAILBOX_PATH}">← Mailbox</a></p><h1>${escapeHtml(row.subject)}</h1>${header}${text}${html}`,
  );
}

export function notFoundPage(): string {
  return layout('Not found', `<h1>No such message</h1><p><a href="${MAILBOX_PATH}">← Mailbox</a></p>`);
}
