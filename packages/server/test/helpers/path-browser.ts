// A browser-like HTTP client whose cookie jar keeps cookies per (name, path) and sends each only
// under its path, as RFC 6265 browsers do. Browserish keys cookies by name alone, which is enough for
// one sign-in at a time; several sign-ins in one browser need this, because the provider's
// `_interaction` cookies share a name and differ by path (/interaction/<uid>).
interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export class PathCookieJar {
  private cookies: StoredCookie[] = [];

  /** The Cookie header for a request to `path`: longest paths first, as browsers order them. */
  header(path: string): string {
    return this.cookies
      .filter((c) => pathMatches(path, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  names(): string[] {
    return this.cookies.map((c) => c.name);
  }

  take(res: Response, requestPath: string): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attr = (key: string) =>
        attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr('path') ?? defaultPath(requestPath);
      const expires = attr('expires');
      const gone =
        !value || attr('max-age') === '0' || (expires !== undefined && Date.parse(expires) < Date.now());
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
      if (!gone) this.cookies.push({ name, value, path });
    }
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function defaultPath(requestPath: string): string {
  const last = requestPath.lastIndexOf('/');
  return last <= 0 ? '/' : requestPath.slice(0, last);
}

export class PathBrowser {
  readonly jar = new PathCookieJar();
  constructor(readonly base: string) {}

  async get(url: string): Promise<Response> {
    const target = new URL(url, this.base);
    const res = await fetch(target, {
      redirect: 'manual',
      headers: { cookie: this.jar.header(target.pathname) },
    });
    this.jar.take(res, target.pathname);
    return res;
  }

  /** Posts a form, as the browser would from a page at `url`'s origin. */
  async post(url: string, fields: Record<string, string>): Promise<Response> {
    const target = new URL(url, this.base);
    const res = await fetch(target, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: this.jar.header(target.pathname),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(fields).toString(),
    });
    this.jar.take(res, target.pathname);
    return res;
  }

  /** Follows redirects on our server; stops at (and returns) the first location elsewhere. */
  async follow(res: Response): Promise<{ res: Response; external?: URL }> {
    let current = res;
    for (let hops = 0; hops < 10 && current.status >= 300 && current.status < 400; hops++) {
      const next = new URL(current.headers.get('location') ?? '', this.base);
      if (next.origin !== new URL(this.base).origin) return { res: current, external: next };
      current = await this.get(`${next.pathname}${next.search}`);
    }
    return { res: current };
  }
}
