// Turns the Authorization header of a management call into a Principal, or refuses it. Shared by
// REST and gRPC so both protocols enforce exactly the same rules, including the rate limits.
import type { AppContext } from '../app-context.ts';
import { ApiError, unauthenticated } from '../contract/api-error.ts';
import type { Principal } from '../contract/service-registry.ts';

export function rateLimited(retryAfterSeconds: number): ApiError {
  return new ApiError('RESOURCE_EXHAUSTED', 'rate limit exceeded; retry later', retryAfterSeconds);
}

/** Per-IP limit, checked before any token work so floods of bad tokens are cheap to refuse. */
export function limitIp(ctx: AppContext, ip: string): void {
  const decision = ctx.limits.api.take(`ip:${ip}`);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

export async function authenticate(
  ctx: AppContext,
  authorization: string | null | undefined,
): Promise<Principal> {
  if (!authorization) throw unauthenticated('Token empty');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('authorization header must be "Bearer <token>"');
  const claims = await ctx.tokens.verify(match[1] as string);
  const client = await ctx.clients.find(claims.client_id);
  if (!client) throw unauthenticated('the client this token was issued to no longer exists');
  if (client.kind !== 'environment') {
    throw new ApiError('PERMISSION_DENIED', 'organization clients cannot call the management API');
  }
  if (client.disallowApiAccess) {
    throw new ApiError('PERMISSION_DENIED', 'this client is not allowed to call the management API');
  }
  const decision = ctx.limits.api.take(`client:${client.id}`);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
  return { clientId: client.id, kind: client.kind, organizationId: client.organizationId };
}
