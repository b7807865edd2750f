// HTML escaping for the pages the mail module renders. Everything that came from a message (subject,
// addresses, bodies) goes through these; nothing from a message is ever written raw.
import { escapeHtml } from '../util/html.ts';

export { escapeHtml };

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;

/** Plain text with its http(s) URLs made into links, so a newcomer can click an invitation. */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // Trailing punctuation usually ends the sentence, not the URL.
    const url = match[0].replace(/[).,;:!?]+$/, '');
    const start = match.index;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}
