// UserService.GetCurrentUser: the person an access token from the code flow belongs to (the
// application calls it with the token it got for that person, not with a management token), with
// the session the token lives in. gateway_enabled is false: Gatehouse has no agent gateway.
import type { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../contract/api-error.ts';
import type { PersonCallContext, ServiceHandlers } from '../contract/service-registry.ts';
import { userReply } from './user-reply.ts';
import * as users from './user-store.ts';

export function currentUserHandlers(ctx: AppContext): ServiceHandlers<typeof UserService, PersonCallContext> {
  return {
    async getCurrentUser(_req, call) {
      const row = await users.findById(ctx.db, call.person.userId);
      if (!row) throw notFound('the user of this token no longer exists');
      return {
        user: await userReply(ctx, row),
        currentSessionId: call.person.sessionId,
        gatewayEnabled: false,
      };
    },
  };
}
