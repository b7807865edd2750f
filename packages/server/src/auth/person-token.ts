// Turns the Authorization header of a call made for a person (UserService.GetCurrentUser) into that
// person: the access token the application got from the code flow, verified as /userinfo does. A
// management token is a valid credential but names no person, and is told so.
import type { AppContext } from '../app-context.ts';
import { ApiError, unauthenticated } from '../contract/api-error.ts';
import type { PersonPrincipal } from '../contract/service-registry.ts';
import { InvalidUserToken, verifyUserAccessToken } from '../oidc/user-access-token.ts';
import type { SessionLink } from '../oidc/session-link.ts';

export async function authenticatePerson(
  ctx: AppContext,
  sessions: SessionLink,
  authorization: string | null | undefined,
): Promise<PersonPrincipal> {
  if (!authorization) throw unauthenticated('Token empty');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('authorization header must be "Bearer <token>"');
  const token = match[1] as string;
  try {
    const claims = await verifyUserAccessToken(ctx, sessions, token);
    const session = await sessions.bySessionId(claims.sid);
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      clientId: claims.client_id,
      organizationId: session?.organizationId ?? claims.oid ?? null,
    };
  } catch (error) {
    if (!(error instanceof InvalidUserToken)) throw error;
    if (await isManagementToken(ctx, token)) {
      throw new ApiError(
        'PERMISSION_DENIED',
        'a management client has no current user: call this with the access token of a signed-in person',
      );
    }
    throw unauthenticated(`invalid access token: ${error.message}`);
  }
}

async function isManagementToken(ctx: AppContext, token: string): Promise<boolean> {
  return ctx.tokens.verify(token).then(
    () => true,
    () => false,
  );
}
