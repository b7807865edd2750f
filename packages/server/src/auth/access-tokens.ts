// Issues and verifies the RS256 access tokens of the management API (RFC 9068 `at+jwt`). Verified
// tokens are remembered until they expire, so the hot path of an API call costs one map lookup.
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { newId } from '../store/ids.ts';
import type { SigningKeys } from '../keys/signing-keys.ts';
import { unauthenticated } from '../contract/api-error.ts';

export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope?: string;
  oid?: string;
}

const TOKEN_TYPE = 'at+jwt';
const CACHE_LIMIT = 50_000;

export class AccessTokens {
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {}

  async issue(
    clientId: string,
    extra: { scope?: string; oid?: string; claims?: Record<string, string> } = {},
  ): Promise<string> {
    const { kid, privateKey } = this.keys.current();
    const now = Math.floor(Date.now() / 1000);
    const { claims, ...own } = extra;
    // Custom claims first, so they can never stand in for the ones Gatehouse sets itself.
    return new SignJWT({ ...claims, client_id: clientId, ...own })
      .setProtectedHeader({ alg: 'RS256', kid, typ: TOKEN_TYPE })
      .setIssuer(this.issuer)
      .setSubject(clientId)
      .setAudience(this.issuer)
      .setJti(newId('req').slice(4))
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(privateKey);
  }

  get expiresIn(): number {
    return this.ttlSeconds;
  }

  /** The token's claims, or UNAUTHENTICATED naming what was wrong with it. */
  async verify(token: string): Promise<AccessTokenClaims> {
    const cached = this.verified.get(token);
    if (cached) {
      if ((cached.exp ?? 0) * 1000 > Date.now()) return cached;
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.keys.publicKey(header.kid) : undefined;
          if (!key) throw unauthenticated('token signed by an unknown key');
          return key;
        },
        { issuer: this.issuer, audience: this.issuer, algorithms: ['RS256'], typ: TOKEN_TYPE },
      ));
    } catch (error) {
      throw unauthenticated(describe(error));
    }
    if (typeof payload.client_id !== 'string') throw unauthenticated('token has no client_id');
    const claims = payload as AccessTokenClaims;
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token ${error.claim} claim invalid`;
  if (error instanceof Error && error.name === 'ApiError') return error.message;
  return 'token malformed';
}
