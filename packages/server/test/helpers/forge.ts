// Bearer tokens an attacker (or a clock) could produce: each one must be refused by the API. Built
// with jose where jose will sign them, by hand where it rightly will not (alg none, HMAC with a public key).
import { createHmac } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { TestServer } from '../harness.ts';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims the server would accept from itself, for `clientId`, valid for ten minutes from now. */
export function validClaims(server: TestServer, clientId: string, overrides: JWTPayload = {}): JWTPayload {
  const issuer = server.running.ctx.config.publicUrl;
  const now = Math.floor(Date.now() / 1000);
  return {
    client_id: clientId,
    sub: clientId,
    iss: issuer,
    aud: issuer,
    iat: now,
    nbf: now,
    exp: now + 600,
    jti: crypto.randomUUID(),
    ...overrides,
  };
}

/** Signed with the server's own current key: only the claims decide whether it is accepted. */
export async function signWithServerKey(
  server: TestServer,
  claims: JWTPayload,
  header: { typ?: string } = { typ: 'at+jwt' },
): Promise<string> {
  const { kid, privateKey } = server.running.ctx.keys.current();
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, ...header }).sign(privateKey);
}

/** Every way of forging or spoiling a token we know, each with the reason the server must give. */
export async function forgedTokens(
  server: TestServer,
  validToken: string,
): Promise<[what: string, reason: RegExp, token: string][]> {
  const { kid } = server.running.ctx.keys.current();
  const claims = validClaims(server, server.clientId);
  const [header, payload, signature] = validToken.split('.') as [string, string, string];
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as JWTPayload;
  const attacker = await generateKeyPair('RS256', { extractable: true });
  const attackerJwk = await exportJWK(attacker.publicKey);
  const jwks = (await (await fetch(`${server.url}/keys`)).json()) as { keys: JWK[] };
  const publicPem = await exportSPKI(
    (await importJWK(jwks.keys[0]!, 'RS256', { extractable: true })) as never,
  );
  const hmacToken = (secret: string | Buffer) => {
    const input = `${b64url({ alg: 'HS256', kid, typ: 'at+jwt' })}.${b64url(claims)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };
  return [
    ['a malformed token', /malformed/, 'not-a-jwt'],
    [
      'a token with a tampered payload',
      /signature/,
      `${header}.${b64url({ ...decoded, exp: (decoded.exp ?? 0) + 86400 })}.${signature}`,
    ],
    [
      'a token whose client_id was swapped',
      /signature/,
      `${header}.${b64url({ ...decoded, client_id: 'skc_other' })}.${signature}`,
    ],
    ['a token without its signature', /signature/, `${header}.${payload}.`],
    [
      'a token signed by another RSA key under the same kid',
      /signature/,
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
        .sign(attacker.privateKey),
    ],
    [
      'a token carrying its own key in a jwk header',
      /signature/,
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt', jwk: attackerJwk })
        .sign(attacker.privateKey),
    ],
    ['an alg none token', /malformed/, `${b64url({ alg: 'none', kid, typ: 'at+jwt' })}.${b64url(claims)}.`],
    ['an HS256 token keyed with the public key PEM', /malformed/, hmacToken(publicPem)],
    [
      'an HS256 token keyed with the modulus',
      /malformed/,
      hmacToken(Buffer.from(jwks.keys[0]!.n!, 'base64url')),
    ],
    [
      'an expired token',
      /expired/,
      await signWithServerKey(
        server,
        validClaims(server, server.clientId, {
          iat: claims.iat! - 7200,
          nbf: claims.iat! - 7200,
          exp: claims.iat! - 60,
        }),
      ),
    ],
    [
      'a token not valid before tomorrow',
      /nbf/,
      await signWithServerKey(server, { ...claims, nbf: claims.iat! + 86400 }),
    ],
    [
      'a token from another issuer',
      /iss/,
      await signWithServerKey(server, { ...claims, iss: 'https://evil.example' }),
    ],
    [
      'a token for another audience',
      /aud/,
      await signWithServerKey(server, { ...claims, aud: 'https://api.example' }),
    ],
    ['a token of another type (an ID token)', /typ/, await signWithServerKey(server, claims, { typ: 'JWT' })],
    [
      'a token without client_id',
      /client_id/,
      await signWithServerKey(server, { ...claims, client_id: undefined }),
    ],
    [
      'a token for a client that never existed',
      /no longer exists/,
      await signWithServerKey(server, { ...claims, client_id: 'skc_ghost', sub: 'skc_ghost' }),
    ],
  ];
}
