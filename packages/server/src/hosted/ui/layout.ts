// The document around every hosted page: one <h1> (the page title), the application's name above a
// centered card, and all CSS in one <style> carrying the response's CSP nonce. No script, no
// external asset; the favicon is an empty data: URL so the browser does not ask for /favicon.ico.
import { html, raw, type SafeHtml } from '../../util/html.ts';
import { HOSTED_CSS } from './styles.ts';

/** What every page needs besides its own props. */
export interface PageBase {
  /** The CSP nonce of this response (security-headers.ts newNonce()). */
  nonce: string;
  /** The name of the application the user signs in to, shown above the card. */
  appName: string;
}

export interface LayoutProps extends PageBase {
  title: string;
  body: SafeHtml;
  /** CSS of one family of pages (the admin portal's wider card), after the shared CSS. */
  extraCss?: string;
}

export function layout({ title, nonce, appName, body, extraCss = '' }: LayoutProps): string {
  const initial = [...appName.trim()][0]?.toUpperCase() ?? 'G';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title} · ${appName}</title>
        <link rel="icon" href="data:," />
        <style nonce="${nonce}">
          ${raw(HOSTED_CSS)}${raw(extraCss)}
        </style>
      </head>
      <body>
        <main class="shell">
          <div class="brand">
            <span class="brand-mark" aria-hidden="true">${initial}</span><span>${appName}</span>
          </div>
          <div class="card">
            <h1>${title}</h1>
            ${body}
          </div>
          <p class="footer">Secured by Gatehouse</p>
        </main>
      </body>
    </html> `.value;
}
