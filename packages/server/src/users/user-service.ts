// UserService, the user records: create (with a first membership), read, list, search, update and
// delete. Each change writes its events in the same transaction.
import type { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, unimplemented } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { externalId as parseExternalId } from '../organizations/organization-input.ts';
import { newId } from '../store/ids.ts';
import { pageTokens } from '../util/keyset-page.ts';
import { decodeCursor, pageSize } from '../util/page-token.ts';
import { isoNow } from '../util/time.ts';
import { parseEmail } from './email.ts';
import { createProfile, readProfile, searchQuery, stringMap, updateProfile } from './user-input.ts';
import { loadUser, lockUser, requireOrganization } from './user-lookup.ts';
import { membershipEvent, userEvent } from './user-events.ts';
import { addMembership, deliverInvitation, membershipInput } from './membership-write.ts';
import { ensureUserIsNew } from './user-uniqueness.ts';
import { userReply, usersReply } from './user-reply.ts';
import * as users from './user-store.ts';
import type { UserRow } from './user-store.ts';
import { userView } from './user-view.ts';
import { rethrowWriteConflict } from './write-errors.ts';

type Handlers = ServiceHandlers<typeof UserService>;

const SERVICE = 'scalekit.v1.users.UserService';
const DUPLICATE_USER = 'a user with this email or external_id already exists';
const rowId = (row: UserRow) => row.id;

export function userHandlers(ctx: AppContext): Handlers {
  const env = ctx.environmentId;
  return {
    async createUserAndMembership(req) {
      const org = await requireOrganization(ctx.db, req.organizationId);
      if (!req.user) throw invalidArgument('user is required');
      const email = parseEmail(req.user.email);
      const now = isoNow();
      const user: UserRow = {
        id: newId('usr'),
        email: email.address,
        email_normalized: email.normalized,
        email_verified: 0,
        external_id: parseExternalId(req.user.externalId),
        profile: JSON.stringify(createProfile(req.user.userProfile)),
        metadata: JSON.stringify(stringMap(req.user.metadata, 'metadata')),
        last_login_at: null,
        created_at: now,
        updated_at: now,
      };
      const membership = membershipInput(req.user.membership, req.sendInvitationEmail);
      const added = await ctx.db
        .transaction()
        .execute(async (trx) => {
          await ensureUserIsNew(trx, user);
          await users.insert(trx, user);
          const added = await addMembership(trx, ctx, org.id, user.id, membership);
          const view = await userView(trx, user);
          await userEvent(trx, env, 'user.created', view, org.id);
          const [created] = view.memberships;
          if (created) await membershipEvent(trx, env, 'organization.membership_created', view, created);
          return added;
        })
        .catch((error: unknown) => rethrowWriteConflict(error, DUPLICATE_USER));
      await deliverInvitation(ctx, added, user.email, org.display_name);
      return { user: await userReply(ctx, user) };
    },

    async getUser(req) {
      return { user: await userReply(ctx, await loadUser(ctx.db, req.identities)) };
    },

    async listUsers(req) {
      const page = await users.pageOfUsers(ctx.db, {}, decodeCursor(req.pageToken), pageSize(req.pageSize));
      return { users: await usersReply(ctx, page.rows), totalSize: page.total, ...pageTokens(page, rowId) };
    },

    async searchUsers(req) {
      const query = searchQuery(req.query);
      const cursor = decodeCursor(req.pageToken);
      const page = await users.pageOfUsers(ctx.db, { query }, cursor, pageSize(req.pageSize));
      return { users: await usersReply(ctx, page.rows), totalSize: page.total, ...pageTokens(page, rowId) };
    },

    async updateUser(req) {
      const found = await loadUser(ctx.db, req.identities);
      const patch = req.user;
      if (!patch) throw invalidArgument('user is required');
      const externalId = patch.externalId === undefined ? undefined : parseExternalId(patch.externalId);
      const metadata =
        Object.keys(patch.metadata).length > 0 ? stringMap(patch.metadata, 'metadata') : undefined;
      const next = await ctx.db
        .transaction()
        .execute(async (trx) => {
          const current = await lockUser(trx, ctx.store.engine, found.id);
          const next: UserRow = { ...current, updated_at: isoNow() };
          if (externalId !== undefined) next.external_id = externalId;
          if (patch.userProfile) {
            next.profile = JSON.stringify(updateProfile(readProfile(current.profile), patch.userProfile));
          }
          if (metadata) next.metadata = JSON.stringify(metadata);
          if (next.external_id !== current.external_id) await ensureUserIsNew(trx, next);
          await users.update(trx, next);
          await userEvent(trx, env, 'user.updated', await userView(trx, next));
          return next;
        })
        .catch((error: unknown) => rethrowWriteConflict(error, DUPLICATE_USER));
      return { user: await userReply(ctx, next) };
    },

    async deleteUser(req) {
      const found = await loadUser(ctx.db, req.identities);
      await ctx.db.transaction().execute(async (trx) => {
        const view = await userView(trx, await lockUser(trx, ctx.store.engine, found.id));
        // Memberships go with the user (users.remove deletes them and counts them out of their
        // organizations); each still gets its own event, written first.
        for (const membership of view.memberships) {
          await membershipEvent(trx, env, 'organization.membership_deleted', view, membership);
        }
        await users.remove(trx, found.id);
        await userEvent(trx, env, 'user.deleted', view);
      });
      return {};
    },

    // GetCurrentUser is called with a person's access token (current-user-service.ts). A support
    // hash identifies a user to a support chat widget with that vendor's secret; Gatehouse has none.
    async getSupportHash() {
      throw unimplemented(`${SERVICE}/GetSupportHash`);
    },
  };
}
