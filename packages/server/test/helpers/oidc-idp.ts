// An enterprise OpenID provider for the relying-party tests: a second, independent oidc-provider
// instance on a loopback port, with one confidential client and a login step that signs in whoever
// the test chose (or answers with an error), plus a browser-like walk from our authorization URL
// to the callback the IdP redirects to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { CookieJar } from './login.ts';

export interface IdpAccount {
  sub: string;
  claims: Record<string, unknown>;
}

export interface TestOidcIdp {
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** Who the next login signs in; `error` makes the login step answer with that OAuth error instead. */
  next: { account?: IdpAccount; error?: string };
  /** Paths the IdP was asked for, in order (to see whether userinfo was called). */
  requests: string[];
  close(): Promise<void>;
}

export async function startOidcIdp(options: {
  redirectUri: string;
  authMethod?: string;
  emailInIdToken?: boolean;
}): Promise<TestOidcIdp> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const idp: TestOidcIdp = {
    issuer: `http://127.0.0.1:${port}`,
    port,
    clientId: 'gatehouse-rp',
    clientSecret: 'idp-client-secret-0123456789',
    next: {},
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const accounts = new Map<string, IdpAccount>();
  const provider = new Provider(idp.issuer, {
    clients: [
      {
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: (options.authMethod ?? 'client_secret_basic') as 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    // Conform (the default): scope claims go to userinfo only; otherwise into the ID token as well.
    conformIdTokenClaims: !options.emailInIdToken,
    cookies: { keys: ['idp-cookie-key-0123456789'] },
    ttl: {
      Interaction: 600,
      Grant: 600,
      Session: 600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    // Everyone consents: the IdP grants what the client asked for.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ ...account.claims, sub: id }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    idp.requests.push(new URL(req.url ?? '/', idp.issuer).pathname);
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    // The login page: no form, the test decided who signs in.
    const { account, error } = idp.next;
    const result = error
      ? { error, error_description: 'the person cancelled' }
      : { login: { accountId: account?.sub ?? 'nobody' } };
    if (account) accounts.set(account.sub, account);
    provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false }).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  return idp;
}

/** Follows redirects from our authorization URL through the IdP until it redirects to `callbackPrefix`. */
export async function walkToCallback(
  authorizationUrl: string,
  callbackPrefix: string,
  jar = new CookieJar(),
): Promise<string> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (!location) throw new Error(`IdP stopped at ${url} with ${res.status}`);
    const next = new URL(location, url).href;
    if (next.startsWith(callbackPrefix)) return next;
    url = next;
  }
  throw new Error('too many redirects at the IdP');
}
