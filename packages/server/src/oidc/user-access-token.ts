// Verifies an access token issued to a signed-in person (by the OpenID provider): our signature
// (RS256 only, kid from our JWKS), our issuer, `at+jwt`, not expired, and a Gatehouse session that is
// still live. Used by /userinfo and introspection; the management API refuses these tokens anyway
// (their audience is the application, not the API).
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { AppContext } from '../app-context.ts';
import type { SessionLink } from './session-link.ts';

export interface UserAccessClaims extends JWTPayload {
  sub: string;
  sid: string;
  client_id: string;
  scope?: string;
  oid?: string;
}

export class InvalidUserToken extends Error {}

export async function verifyUserAccessToken(
  ctx: AppContext,
  sessions: SessionLink,
  token: string,
): Promise<UserAccessClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? await ctx.keys.publicKey(header.kid) : undefined;
        if (!key) throw new InvalidUserToken('token signed by an unknown key');
        return key;
      },
      { issuer: ctx.config.publicUrl, algorithms: ['RS256'], typ: 'at+jwt' },
    ));
  } catch (error) {
    if (error instanceof InvalidUserToken) throw error;
    throw new InvalidUserToken(error instanceof joseErrors.JWTExpired ? 'token expired' : 'token invalid');
  }
  const { sub, sid, client_id: clientId } = payload as Partial<UserAccessClaims>;
  if (typeof sub !== 'string' || typeof sid !== 'string' || typeof clientId !== 'string') {
    throw new InvalidUserToken('not a user access token');
  }
  const session = await sessions.bySessionId(sid);
  if (!session || session.userId !== sub) throw new InvalidUserToken('the session of this token has ended');
  return payload as UserAccessClaims;
}
