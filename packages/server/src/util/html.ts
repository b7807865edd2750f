// HTML building with escaping by default. `html` is a tagged template: every interpolated value is
// escaped unless it is SafeHtml (the result of another `html` template, or of `raw()` for a fragment
// the caller vouches for). Values always go between quotes when they sit in an attribute.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element text and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Markup that is already safe to insert as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks a trusted fragment (built by us, never from input) as safe. */
export const raw = (trusted: string): SafeHtml => new SafeHtml(trusted);

/** What a template accepts: nothing (null, undefined, false) renders as the empty string. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * A URL for an href or a form action: a same-site path ("/x", never "//host") or an absolute http(s)
 * URL. Anything else (javascript:, data:, protocol-relative) is a programming error, so it throws.
 */
export function safeUrl(url: string): string {
  if (/^\/(?![/\\])/.test(url)) return url;
  if (/^https?:\/\//i.test(url) && URL.canParse(url)) return url;
  throw new Error(`refusing to render a link to ${JSON.stringify(url.slice(0, 80))}`);
}
