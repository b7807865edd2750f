// Several OIDC-connection logins pending in one browser (two tabs): each login's browser binding has
// its own cookie, named after its state, so starting a second login does not break the first. Both
// complete, in either order; a binding is still good only for its own login; the cookie keeps
// HttpOnly, SameSite=Lax and Path=/sso/oidc.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLBACK, registerCallbacks } from './helpers/app-login.ts';
import { walkToCallback, type IdpAccount } from './helpers/oidc-idp.ts';
import { PathBrowser } from './helpers/path-browser.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { authorizeUrl } from './helpers/sign-in-api.ts';
import { oidcOrganization, type OidcOrganization } from './helpers/sso-oidc-login.ts';

const BINDING =
  /^gatehouse_oidc_binding_[A-Za-z0-9_-]{12}=[A-Za-z0-9_-]{43}; Path=\/sso\/oidc; HttpOnly; SameSite=Lax; Max-Age=900$/;

describeEachEngine('several OIDC logins in one browser', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let acme: OidcOrganization;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    acme = await oidcOrganization(handle.server, handle.token);
  });
  afterAll(async () => {
    await acme?.idp.close();
  });

  const account = (email: string): IdpAccount => ({
    sub: `idp-${unique()}`,
    claims: { email, email_verified: true, given_name: 'Ada', family_name: 'Lovelace' },
  });

  /** Starts a login in `browser` (a new tab): up to the IdP; returns the binding cookie it set. */
  async function start(browser: PathBrowser) {
    const interaction = await browser.get(
      authorizeUrl(handle.server, { organization_id: acme.organizationId }),
    );
    expect(interaction.status).toBe(303);
    const toIdp = await browser.get(interaction.headers.get('location') ?? '');
    expect(toIdp.status).toBe(303);
    const cookie = toIdp.headers.getSetCookie().find((c) => c.startsWith('gatehouse_oidc_binding_'));
    expect(cookie).toMatch(BINDING);
    const { external } = await browser.follow(toIdp);
    expect(`${external?.origin}${external?.pathname}`).toBe(`${acme.idp.issuer}/auth`);
    return { idpUrl: external!.href, cookie: cookie! };
  }

  /** The person signs in at the IdP (its own cookies); returns our callback's path and query. */
  async function atIdp(idpUrl: string, email: string) {
    acme.idp.next = { account: account(email) };
    const callback = new URL(await walkToCallback(idpUrl, acme.redirectUri));
    return `${callback.pathname}${callback.search}`;
  }

  /** Our callback, through the interaction, to the application's callback; returns the code. */
  async function finish(browser: PathBrowser, callback: string) {
    const answered = await browser.get(callback);
    expect(answered.status, await answered.clone().text()).toBe(303);
    const { external } = await browser.follow(answered);
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    return external?.searchParams.get('code');
  }

  it('completes two interleaved logins of one person (two tabs), the second one first', async () => {
    const browser = new PathBrowser(handle.server.url);
    const email = `tabs-${unique()}@${acme.domain}`;
    const first = await start(browser);
    const second = await start(browser);
    expect(first.cookie.split('=')[0]).not.toBe(second.cookie.split('=')[0]);
    const firstCallback = await atIdp(first.idpUrl, email);
    const secondCallback = await atIdp(second.idpUrl, email);
    expect(await finish(browser, secondCallback)).toBeTruthy();
    // The second callback cleared its own binding only.
    const left = browser.jar.names().filter((n) => n.startsWith('gatehouse_oidc_binding_'));
    expect(left).toEqual([first.cookie.split('=')[0]]);
    expect(await finish(browser, firstCallback)).toBeTruthy();
    expect(browser.jar.names().filter((n) => n.startsWith('gatehouse_oidc_binding_'))).toEqual([]);
  });

  it("refuses one login's binding for another login, and does not burn the login it was tried on", async () => {
    const mine = new PathBrowser(handle.server.url);
    const theirs = new PathBrowser(handle.server.url);
    const own = await start(mine);
    const target = await start(theirs);
    const targetCallback = await atIdp(target.idpUrl, `three-${unique()}@${acme.domain}`);
    // My own, valid binding value, sent under the name of their login's cookie.
    const ownValue = own.cookie.split(';')[0]!.split('=')[1]!;
    const forged = await fetch(new URL(targetCallback, handle.server.url), {
      redirect: 'manual',
      headers: { cookie: `${target.cookie.split('=')[0]}=${ownValue}; ${own.cookie.split(';')[0]}` },
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('browser_mismatch');
    expect(await finish(theirs, targetCallback)).toBeTruthy();
  });
});
