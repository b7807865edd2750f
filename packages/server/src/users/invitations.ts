// Invitations to an organization: a random single-use token (only its SHA-256 is stored), an expiry,
// and a mail with the accept link `${publicUrl}/invites/<token>`. The mail is sent after the
// transaction that made the invitation commits: a message cannot be unsent by a rollback.
import type { AppContext } from '../app-context.ts';
import { newId, newSecret } from '../store/ids.ts';
import { sha256Hex } from '../util/hash.ts';
import { isoAfterSeconds } from '../util/time.ts';
import { escapeHtml } from './html.ts';
import type { InvitationRow } from './invitation-store.ts';
import type { MembershipRow } from './membership-store.ts';

export const INVITE_PATH = '/invites/';

/** An invitation and its token; the token exists only here and in the mail, never in the database. */
export interface IssuedInvitation {
  row: InvitationRow;
  token: string;
}

function freshToken(ctx: AppContext, now: number): { token: string; token_hash: string; expires_at: string } {
  const token = newSecret(32);
  return {
    token,
    token_hash: sha256Hex(token),
    expires_at: isoAfterSeconds(ctx.config.inviteTtlHours * 3600, now),
  };
}

export function newInvitation(
  ctx: AppContext,
  membership: MembershipRow,
  now = Date.now(),
): IssuedInvitation {
  const { token, token_hash, expires_at } = freshToken(ctx, now);
  return {
    token,
    row: {
      id: newId('inv'),
      organization_id: membership.organization_id,
      user_id: membership.user_id,
      membership_id: membership.id,
      inviter_email: membership.inviter_email,
      status: 'pending',
      token_hash,
      created_at: new Date(now).toISOString(),
      expires_at,
      resent_at: null,
      resent_count: 0,
      accepted_at: null,
    },
  };
}

/** What a resend changes: a new token (the old link stops working) and a new expiry. */
export function renewal(ctx: AppContext, now = Date.now()) {
  const { token, token_hash, expires_at } = freshToken(ctx, now);
  return { token, change: { token_hash, expires_at, resent_at: new Date(now).toISOString() } };
}

/** The event form of an invitation: never its token or token hash. */
export function inviteJson(row: InvitationRow): Record<string, unknown> {
  return {
    organization_id: row.organization_id,
    user_id: row.user_id,
    inviter_email: row.inviter_email,
    status: row.status,
    created_at: row.created_at,
    expires_at: row.expires_at,
    resent_at: row.resent_at,
    resent_count: row.resent_count,
  };
}

export function inviteLink(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}${INVITE_PATH}${token}`;
}

export interface InvitationMail {
  to: string;
  organizationName: string;
  inviterEmail: string | null;
  token: string;
  expiresAt: string;
}

/**
 * Sends the invitation. A failure is logged, not thrown: the membership is already committed, and
 * an error here would make the caller retry into ALREADY_EXISTS; ResendInvite is the way to retry.
 */
export async function sendInvitationMail(ctx: AppContext, mail: InvitationMail): Promise<void> {
  // Organization names are caller-chosen: keep line breaks out of the subject header.
  const organization = mail.organizationName.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  const link = inviteLink(ctx, mail.token);
  const who = mail.inviterEmail ?? 'You have been';
  const lead = mail.inviterEmail ? `${who} invited you` : `${who} invited`;
  const expires = new Date(mail.expiresAt).toUTCString();
  try {
    await ctx.mail.send({
      to: mail.to,
      subject: `You're invited to join ${organization}`,
      text: `${lead} to join ${organization}.\n\nAccept the invitation: ${link}\n\nThe link works once and expires ${expires}. If you did not expect this invitation, ignore this message.\n`,
      html: `<p>${escapeHtml(lead)} to join <strong>${escapeHtml(organization)}</strong>.</p><p><a href="${escapeHtml(link)}">Accept the invitation</a></p><p>The link works once and expires ${escapeHtml(expires)}. If you did not expect this invitation, ignore this message.</p>`,
    });
  } catch (error) {
    ctx.logger.error({ err: error, to: mail.to }, 'invitation mail could not be sent');
  }
}
