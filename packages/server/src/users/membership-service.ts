// UserService, the memberships: add an existing user to an organization, change the membership's
// roles and metadata, remove it, and list or search an organization's members.
import type { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { pageTokens } from '../util/keyset-page.ts';
import { decodeCursor, pageSize } from '../util/page-token.ts';
import { isoNow } from '../util/time.ts';
import { resolveRoles } from './membership-roles.ts';
import * as memberships from './membership-store.ts';
import { addMembership, deliverInvitation, membershipInput } from './membership-write.ts';
import { searchQuery, stringMap } from './user-input.ts';
import { loadUser, lockMembership, requireOrganization } from './user-lookup.ts';
import { membershipChanged, membershipEvent, userEvent } from './user-events.ts';
import { userReply, usersReply } from './user-reply.ts';
import * as users from './user-store.ts';
import type { UserRow } from './user-store.ts';
import { userView } from './user-view.ts';
import { rethrowWriteConflict } from './write-errors.ts';

type Handlers = ServiceHandlers<typeof UserService>;

const rowId = (row: UserRow) => row.id;

export function membershipHandlers(ctx: AppContext): Handlers {
  const env = ctx.environmentId;

  async function membersPage(organizationId: string, query: string | undefined, token: string, size: number) {
    const org = await requireOrganization(ctx.db, organizationId);
    const page = await users.pageOfMembers(ctx.db, org, { query }, decodeCursor(token), pageSize(size));
    return { users: await usersReply(ctx, page.rows), totalSize: page.total, ...pageTokens(page, rowId) };
  }

  return {
    async createMembership(req) {
      const org = await requireOrganization(ctx.db, req.organizationId);
      const user = await loadUser(ctx.db, req.identities);
      const input = membershipInput(req.membership, req.sendInvitationEmail);
      const conflict = `user ${user.id} is already a member of organization ${org.id}`;
      const added = await ctx.db
        .transaction()
        .execute(async (trx) => {
          const added = await addMembership(trx, ctx, org.id, user.id, input);
          await membershipChanged(trx, env, 'organization.membership_created', user, org.id);
          return added;
        })
        .catch((error: unknown) => rethrowWriteConflict(error, conflict));
      await deliverInvitation(ctx, added, user.email, org.display_name);
      return { user: await userReply(ctx, user) };
    },

    /**
     * Replaces the roles when roles are given and the metadata when metadata is given. Empty means
     * "unchanged": the official SDK always sends both, empty when the caller left them out.
     */
    async updateMembership(req) {
      const org = await requireOrganization(ctx.db, req.organizationId);
      const user = await loadUser(ctx.db, req.identities);
      if (!req.membership) throw invalidArgument('membership is required');
      const { roles, metadata } = req.membership;
      const newMetadata =
        Object.keys(metadata).length > 0 ? stringMap(metadata, 'membership.metadata') : null;
      await ctx.db
        .transaction()
        .execute(async (trx) => {
          const current = await lockMembership(trx, ctx.store.engine, org.id, user.id);
          if (roles.length === 0 && !newMetadata) return;
          if (roles.length > 0) {
            const resolved = await resolveRoles(trx, org.id, roles);
            await memberships.replaceRoles(
              trx,
              current.id,
              resolved.map((r) => r.id),
            );
          }
          const metadataJson = newMetadata ? JSON.stringify(newMetadata) : current.metadata;
          await memberships.update(trx, { ...current, metadata: metadataJson, updated_at: isoNow() });
          await membershipChanged(trx, env, 'organization.membership_updated', user, org.id);
        })
        .catch((error: unknown) => rethrowWriteConflict(error, 'the membership changed meanwhile'));
      return { user: await userReply(ctx, user) };
    },

    /**
     * Removes the user from the organization. With `cascade: true` a user left without any
     * membership is deleted too; without it the user always stays (see docs/users.md).
     */
    async deleteMembership(req) {
      const org = await requireOrganization(ctx.db, req.organizationId);
      const user = await loadUser(ctx.db, req.identities);
      await ctx.db.transaction().execute(async (trx) => {
        const view = await userView(trx, user);
        const membership = view.memberships.find((m) => m.membership.organization_id === org.id);
        if (!membership) throw notFound(`user ${user.id} is not a member of organization ${org.id}`);
        await membershipEvent(trx, env, 'organization.membership_deleted', view, membership);
        await memberships.remove(trx, membership.membership);
        if (req.cascade === true && (await memberships.listForUser(trx, user.id)).length === 0) {
          await users.remove(trx, user.id);
          await userEvent(trx, env, 'user.deleted', { user, memberships: [] });
        }
      });
      return {};
    },

    async listOrganizationUsers(req) {
      return membersPage(req.organizationId, undefined, req.pageToken, req.pageSize);
    },

    async searchOrganizationUsers(req) {
      return membersPage(req.organizationId, searchQuery(req.query), req.pageToken, req.pageSize);
    },
  };
}
