// Adding a user to an organization — the step CreateMembership and CreateUserAndMembership share.
// It runs inside the caller's transaction; the invitation mail, if any, goes out after the commit.
import type { CreateMembership } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { alreadyExists } from '../contract/api-error.ts';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';
import { optionalEmail } from './email.ts';
import * as invitationStore from './invitation-store.ts';
import { newInvitation, sendInvitationMail, type IssuedInvitation } from './invitations.ts';
import { ensureRoomForMember } from './member-limit.ts';
import { rolesForNewMembership, type RequestedRole } from './membership-roles.ts';
import * as memberships from './membership-store.ts';
import type { MembershipRow } from './membership-store.ts';
import { stringMap } from './user-input.ts';

export interface MembershipInput {
  roles: RequestedRole[];
  metadata: Record<string, string>;
  inviterEmail: string | null;
  /** Invite (membership 'invited' until the link is accepted) rather than add as active. */
  invite: boolean;
}

/**
 * Validates a membership request. An invitation is sent only when asked for explicitly: the
 * contract documents `send_invitation_email` as defaulting to true, but mailing people nobody
 * asked to mail is the worse surprise for a self-hosted server (see docs/users.md).
 */
export function membershipInput(
  membership: CreateMembership | undefined,
  sendInvitationEmail: boolean | undefined,
): MembershipInput {
  return {
    roles: membership?.roles ?? [],
    metadata: stringMap(membership?.metadata, 'membership.metadata'),
    inviterEmail: optionalEmail(membership?.inviterEmail, 'membership.inviter_email'),
    invite: sendInvitationEmail === true,
  };
}

export interface AddedMembership {
  membership: MembershipRow;
  invitation: IssuedInvitation | undefined;
}

export async function addMembership(
  trx: Kysely<Database>,
  ctx: AppContext,
  organizationId: string,
  userId: string,
  input: MembershipInput,
): Promise<AddedMembership> {
  if (await memberships.find(trx, organizationId, userId)) {
    throw alreadyExists(`user ${userId} is already a member of organization ${organizationId}`);
  }
  await ensureRoomForMember(trx, ctx.store.engine, organizationId);
  const roles = await rolesForNewMembership(trx, organizationId, input.roles);
  const now = isoNow();
  const membership: MembershipRow = {
    id: newId('mem'),
    organization_id: organizationId,
    user_id: userId,
    status: input.invite ? 'invited' : 'active',
    metadata: JSON.stringify(input.metadata),
    inviter_email: input.inviterEmail,
    created_at: now,
    updated_at: now,
  };
  await memberships.insert(trx, membership);
  await memberships.addRoles(
    trx,
    membership.id,
    roles.map((r) => r.id),
  );
  const invitation = input.invite ? newInvitation(ctx, membership) : undefined;
  if (invitation) await invitationStore.insert(trx, invitation.row);
  return { membership, invitation };
}

/** After the commit: mails the invitation of a membership just added, if it has one. */
export async function deliverInvitation(
  ctx: AppContext,
  added: AddedMembership,
  to: string,
  organizationName: string,
): Promise<void> {
  if (!added.invitation) return;
  await sendInvitationMail(ctx, {
    to,
    organizationName,
    inviterEmail: added.membership.inviter_email,
    token: added.invitation.token,
    expiresAt: added.invitation.row.expires_at,
  });
}
