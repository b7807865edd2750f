// Drives the hosted login over plain HTTP, as a browser would but without one: a cookie jar, manual
// redirects, and the forms' hidden fields read from the pages. The browser tests do the same in
// Chromium; these keep protocol tests fast and independent of the pages' looks.
import { expect } from 'vitest';
import type { TestServer } from '../harness.ts';

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export class Browserish {
  readonly jar = new CookieJar();
  /** `publicUrl`: the server's public URL when requests go to another instance behind it. */
  constructor(
    readonly base: string,
    private readonly publicUrl = base,
  ) {}

  async get(url: string): Promise<Response> {
    const res = await fetch(new URL(url, this.base), {
      redirect: 'manual',
      headers: { cookie: this.jar.header() },
    });
    this.jar.take(res);
    return res;
  }

  async post(url: string, fields: Record<string, string>): Promise<Response> {
    const res = await fetch(new URL(url, this.base), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    this.jar.take(res);
    return res;
  }

  /** Follows redirects on our server; stops at (and returns) the first location elsewhere. */
  async follow(res: Response): Promise<{ res: Response; external?: URL }> {
    let current = res;
    for (let hops = 0; hops < 10 && current.status >= 300 && current.status < 400; hops++) {
      const next = new URL(current.headers.get('location') ?? '', this.base);
      const ours = [new URL(this.base).origin, new URL(this.publicUrl).origin];
      if (!ours.includes(next.origin)) return { res: current, external: next };
      current = await this.get(`${next.pathname}${next.search}`);
    }
    return { res: current };
  }
}

export function field(html: string, name: string): string {
  const match =
    new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ??
    new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (!match?.[1]) throw new Error(`no field ${name} on the page`);
  return match[1]
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/g, '/')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** Form action URL of the form posting to a step ("/interaction/…/password"). */
export function action(html: string, step: string): string {
  const match = new RegExp(`action="(/interaction/[A-Za-z0-9_-]+/${step})"`).exec(html);
  if (!match?.[1]) throw new Error(`no form for step ${step}`);
  return match[1];
}

/** From an authorization URL to the application's callback, signing in with a password. */
export async function passwordLogin(
  server: TestServer,
  authorizeUrl: string,
  email: string,
  password: string,
) {
  const browser = new Browserish(server.url);
  return continuePasswordLogin(browser, authorizeUrl, email, password);
}

export async function continuePasswordLogin(
  browser: Browserish,
  authorizeUrl: string,
  email: string,
  password: string,
) {
  const start = await browser.follow(await browser.get(authorizeUrl));
  expect(start.res.status).toBe(200);
  let page = await start.res.text();
  const emailed = await browser.post(action(page, 'email'), { csrf: field(page, 'csrf'), email });
  expect(emailed.status).toBe(200);
  page = await emailed.text();
  const signedIn = await browser.post(action(page, 'password'), {
    csrf: field(page, 'csrf'),
    email,
    password,
  });
  const done = await browser.follow(signedIn);
  return { browser, ...done };
}
