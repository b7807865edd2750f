// A minimal browser for the sign-in benchmark: one cookie jar per simulated person, redirects
// followed by hand, and the hosted forms' CSRF fields read from the pages.
import { createHash, randomBytes } from 'node:crypto';
import type { ServerProcess } from './server-process.ts';
import { CALLBACK } from './login-seed.ts';

export class BenchBrowser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly server: ServerProcess) {}

  private take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(pair.slice(0, eq), value);
      else this.cookies.delete(pair.slice(0, eq));
    }
  }

  async request(path: string, form?: Record<string, string>): Promise<Response> {
    const res = await fetch(new URL(path, this.server.url), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    this.take(res);
    return res;
  }

  /** Follows redirects on the server until one leaves it; returns that location (the callback). */
  async until(res: Response): Promise<{ res: Response; callback?: URL }> {
    let current = res;
    for (let i = 0; i < 8 && current.status >= 300 && current.status < 400; i++) {
      const next = new URL(current.headers.get('location') ?? '', this.server.url);
      if (next.origin !== new URL(this.server.url).origin) return { res: current, callback: next };
      await current.arrayBuffer();
      current = await this.request(`${next.pathname}${next.search}`);
    }
    return { res: current };
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizePath(
  server: ServerProcess,
  challenge: string,
  scope = 'openid profile email',
): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: server.clientId,
    redirect_uri: CALLBACK,
    scope,
    state: 'bench',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `/oauth/authorize?${query}`;
}

const field = (html: string, name: string) =>
  new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '';
const formAction = (html: string, step: string) =>
  new RegExp(`action="(/interaction/[^"]+/${step})"`).exec(html)?.[1] ?? '';

/** The whole password sign-in: authorize, email, password, back to the application. */
export async function passwordSignIn(
  browser: BenchBrowser,
  server: ServerProcess,
  email: string,
  password: string,
): Promise<URL> {
  const { challenge } = pkce();
  const start = await browser.until(await browser.request(authorizePath(server, challenge)));
  let page = await start.res.text();
  const emailed = await browser.request(formAction(page, 'email'), { csrf: field(page, 'csrf'), email });
  page = await emailed.text();
  const signed = await browser.request(formAction(page, 'password'), {
    csrf: field(page, 'csrf'),
    email,
    password,
  });
  const { callback } = await browser.until(signed);
  if (!callback?.searchParams.get('code'))
    throw new Error(`sign-in did not reach the callback (${signed.status})`);
  return callback;
}

/** The code flow for someone already signed in: authorize → code → token. */
export async function codeFlow(browser: BenchBrowser, server: ServerProcess): Promise<void> {
  const { verifier, challenge } = pkce();
  const res = await browser.request(authorizePath(server, challenge));
  const { callback } = await browser.until(res);
  const code = callback?.searchParams.get('code');
  if (!code) throw new Error(`authorize did not return a code (${res.status})`);
  await exchangeCode(server, code, verifier);
}

/** The application's side of the end: the code and the PKCE verifier exchanged for tokens. */
export async function exchangeCode(server: ServerProcess, code: string, verifier: string): Promise<void> {
  const token = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
      client_id: server.clientId,
      client_secret: server.clientSecret,
    }),
  });
  if (token.status !== 200) throw new Error(`token exchange failed: ${token.status} ${await token.text()}`);
  await token.arrayBuffer();
}
