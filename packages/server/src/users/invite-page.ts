// GET /invites/<token>: the accept link of an invitation mail. Acceptance is one conditional UPDATE
// (pending and unexpired, RETURNING the row), so a link is accepted once, even when two instances
// race; then the membership becomes active and the email counts as verified (the invitee proved
// they read it) — all in one transaction, with the events that describe it.
import type { AppContext } from '../app-context.ts';
import { sha256Hex } from '../util/hash.ts';
import { isoNow } from '../util/time.ts';
import { escapeHtml, htmlPage } from './html.ts';
import * as invitations from './invitation-store.ts';
import { inviteJson } from './invitations.ts';
import { membershipChanged, userEvent } from './user-events.ts';
import * as users from './user-store.ts';
import { userView } from './user-view.ts';

export interface HtmlPage {
  status: number;
  html: string;
}

// newSecret(32): 32 random bytes as base64url.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const unusable = (status: number, reason: string): HtmlPage => ({
  status,
  html: htmlPage('This invitation cannot be used', `<p>${escapeHtml(reason)}</p>`),
});

async function accept(ctx: AppContext, tokenHash: string): Promise<string | undefined> {
  const env = ctx.environmentId;
  return ctx.db.transaction().execute(async (trx) => {
    const now = isoNow();
    const invitation = await invitations.accept(trx, tokenHash, now);
    if (!invitation) return undefined;
    await trx
      .updateTable('memberships')
      .set({ status: 'active', updated_at: now })
      .where('id', '=', invitation.membership_id)
      .execute();
    const before = await users.findById(trx, invitation.user_id);
    if (!before) throw new Error(`invitation ${invitation.id} has no user`);
    let user = before;
    if (before.email_verified !== 1) {
      user = { ...before, email_verified: 1, updated_at: now };
      await users.update(trx, user);
      await userEvent(trx, env, 'user.updated', await userView(trx, user));
    }
    await membershipChanged(trx, env, 'organization.membership_updated', user, invitation.organization_id, {
      invite: inviteJson(invitation),
    });
    const org = await trx
      .selectFrom('organizations')
      .select('display_name')
      .where('id', '=', invitation.organization_id)
      .executeTakeFirst();
    return org?.display_name ?? invitation.organization_id;
  });
}

/**
 * GET shows what the invitation is for and a button; only the POST from that button accepts. Mail
 * scanners and link previews (which follow links in mail) must not accept invitations for people.
 */
export async function openInvitation(ctx: AppContext, token: string, method: string): Promise<HtmlPage> {
  if (!TOKEN.test(token)) return unusable(404, 'This invitation link is not valid.');
  const tokenHash = sha256Hex(token);
  if (method === 'GET') return confirmation(ctx, tokenHash);
  const organizationName = await accept(ctx, tokenHash);
  if (organizationName !== undefined) {
    return {
      status: 200,
      html: htmlPage(
        'Invitation accepted',
        `<p>You are now a member of <strong>${escapeHtml(organizationName)}</strong>. You can close this page.</p>`,
      ),
    };
  }
  return whyUnusable(ctx, tokenHash);
}

async function confirmation(ctx: AppContext, tokenHash: string): Promise<HtmlPage> {
  const known = await invitations.findByTokenHash(ctx.db, tokenHash);
  if (!known || known.status !== 'pending' || known.expires_at <= isoNow())
    return whyUnusable(ctx, tokenHash);
  const org = await ctx.db
    .selectFrom('organizations')
    .select('display_name')
    .where('id', '=', known.organization_id)
    .executeTakeFirst();
  const name = escapeHtml(org?.display_name ?? known.organization_id);
  return {
    status: 200,
    html: htmlPage(
      'Join the organization',
      `<p>You have been invited to join <strong>${name}</strong>.</p><form method="post"><button type="submit">Accept invitation</button></form>`,
    ),
  };
}

async function whyUnusable(ctx: AppContext, tokenHash: string): Promise<HtmlPage> {
  // Only the holder of the token gets here, so saying why it failed reveals nothing new.
  const known = await invitations.findByTokenHash(ctx.db, tokenHash);
  if (known?.status === 'accepted') return unusable(410, 'This invitation has already been accepted.');
  if (known) return unusable(410, 'This invitation has expired. Ask for a new one.');
  return unusable(404, 'This invitation link is not valid, or a newer invitation replaced it.');
}
