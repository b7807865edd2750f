// UserService.ResendInvite: a new link (the previous one stops working), a new expiry, one more in
// resent_count, and the mail again. Refused once the invitation has been accepted.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type {
  InviteSchema,
  UserService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { AppContext } from '../app-context.ts';
import { failedPrecondition } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { toTimestamp } from '../util/time.ts';
import * as invitations from './invitation-store.ts';
import type { InvitationRow } from './invitation-store.ts';
import { inviteJson, newInvitation, renewal, sendInvitationMail } from './invitations.ts';
import { membershipChanged } from './user-events.ts';
import { lockMembership, requireOrganization, requireUser } from './user-lookup.ts';

type Handlers = ServiceHandlers<typeof UserService>;

function toInvite(row: InvitationRow): MessageInitShape<typeof InviteSchema> {
  return {
    organizationId: row.organization_id,
    userId: row.user_id,
    inviterEmail: row.inviter_email ?? undefined,
    status: row.status === 'accepted' ? 'accepted' : 'pending_invite',
    createdAt: toTimestamp(row.created_at),
    expiresAt: toTimestamp(row.expires_at),
    resentAt: row.resent_at ? toTimestamp(row.resent_at) : undefined,
    resentCount: row.resent_count,
  };
}

export function invitationHandlers(ctx: AppContext): Handlers {
  return {
    async resendInvite(req) {
      const org = await requireOrganization(ctx.db, req.organizationId);
      const user = await requireUser(ctx.db, req.id, 'id');
      const { row, token } = await ctx.db.transaction().execute(async (trx) => {
        const membership = await lockMembership(trx, ctx.store.engine, org.id, user.id);
        const refuse = () =>
          failedPrecondition(`user ${user.id} is already an active member of organization ${org.id}`);
        if (membership.status === 'active') throw refuse();
        const existing = await invitations.forMembership(trx, membership.id);
        let issued: { row: InvitationRow; token: string };
        if (existing) {
          const { token, change } = renewal(ctx);
          const renewed = await invitations.renew(trx, existing.id, change);
          if (!renewed) throw refuse();
          issued = { row: renewed, token };
        } else {
          // An invited membership always has its invitation; this only repairs one that lost it.
          issued = newInvitation(ctx, membership);
          await invitations.insert(trx, issued.row);
        }
        await membershipChanged(
          trx,
          ctx.environmentId,
          'organization.membership_invite_resent',
          user,
          org.id,
          {
            invite: inviteJson(issued.row),
          },
        );
        return issued;
      });
      await sendInvitationMail(ctx, {
        to: user.email,
        organizationName: org.display_name,
        inviterEmail: row.inviter_email,
        token,
        expiresAt: row.expires_at,
      });
      return { invite: toInvite(row) };
    },
  };
}
