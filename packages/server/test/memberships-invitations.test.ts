// Invitations: the mail (recorded in mail_messages), the accept link (works once, atomically, even
// when clicked many times at once), expiry, ResendInvite (new link, old one dead, refused once
// accepted), and the configurable lifetime.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { ScalekitBadRequestException, ScalekitNotFoundException, type Scalekit } from '@scalekit-sdk/node';
import { MembershipStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { sha256Hex } from '../src/util/hash.ts';
import { eventsOfType, inviteToken, mailTo, userServiceClient } from './helpers/identity.ts';
import { expectSdkError, NOT_FOUND, officialClient, PRECONDITION } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { startTestServer, testEngines } from './harness.ts';

const HOUR = 3600_000;

describeEachEngine('invitations', (engine) => {
  const ctx = useServer(engine, { GATEHOUSE_INVITE_TTL_HOURS: '48' });
  let sdk: Scalekit;
  let orgId: string;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    orgId = (await sdk.organization.createOrganization('Acme <Invites> & Co')).organization!.id;
  });
  const db = () => ctx.server.running.ctx.db;
  // Accepting is the POST of the page's button; a GET only shows the page.
  const open = async (token: string) => {
    const res = await fetch(`${ctx.server.url}/invites/${token}`, { method: 'POST' });
    return { status: res.status, html: await res.text(), headers: res.headers };
  };
  const invite = async (address = `inv.${unique()}@example.com`) => {
    const before = Date.now();
    const { user } = await sdk.user.createUserAndMembership(orgId, {
      email: address,
      sendInvitationEmail: true,
    });
    return { user: user!, address, before };
  };
  const membershipOf = async (userId: string) =>
    (await sdk.user.getUser(userId)).user!.memberships.find((m) => m.organizationId === orgId)!;
  const latestToken = async (address: string) =>
    inviteToken((await mailTo(ctx.server, address)).at(-1)!.text_body);

  it('invites: pending membership, one mail with an escaped accept link, only a hash stored', async () => {
    const { user, address, before } = await invite();
    const membership = user.memberships[0]!;
    expect(membership.membershipStatus).toBe(MembershipStatus.PENDING_INVITE);
    const expires = timestampMs(membership.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 48 * HOUR - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 48 * HOUR + 1000);
    const mails = await mailTo(ctx.server, address);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("You're invited to join Acme <Invites> & Co");
    expect(mails[0]!.html_body).toContain('Acme &lt;Invites&gt; &amp; Co');
    expect(mails[0]!.html_body).not.toContain('<Invites>');
    const token = inviteToken(mails[0]!.text_body);
    expect(mails[0]!.text_body).toContain(`${ctx.server.running.ctx.config.publicUrl}/invites/${token}`);
    const rows = await db().selectFrom('invitations').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', token_hash: sha256Hex(token), resent_count: 0 });
    const events = await db().selectFrom('events').select('data').execute();
    expect(events.some((e) => e.data.includes(token) || e.data.includes(sha256Hex(token)))).toBe(false);
  });

  it('accepts once: the membership turns active and the email verified; the link then stops working', async () => {
    const { user, address } = await invite();
    const token = await latestToken(address);
    const first = await open(token);
    expect(first.status).toBe(200);
    expect(first.html).toContain('Invitation accepted');
    expect(first.html).toContain('Acme &lt;Invites&gt; &amp; Co');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    const { user: after } = await sdk.user.getUser(user.id);
    const membership = after!.memberships[0]!;
    expect(membership.membershipStatus).toBe(MembershipStatus.ACTIVE);
    expect(membership.acceptedAt).toBeDefined();
    expect(membership.joinTime).toEqual(membership.acceptedAt);
    expect(after!.userProfile!.emailVerified).toBe(true);
    const again = await open(token);
    expect(again.status).toBe(410);
    expect(again.html).toContain('already been accepted');
    const updates = await eventsOfType(ctx.server, 'organization.membership_updated', orgId);
    const mine = updates.filter((e) => e.data.membership.user_id === user.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.data.membership.status).toBe('active');
    expect(mine[0]!.data.invite.status).toBe('accepted');
  });

  it('accepts a link clicked many times at once exactly once', async () => {
    const { user, address } = await invite();
    const token = await latestToken(address);
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => open(token)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(7);
    const updates = await eventsOfType(ctx.server, 'organization.membership_updated', orgId);
    expect(updates.filter((e) => e.data.membership.user_id === user.id)).toHaveLength(1);
  });

  it('refuses unknown and malformed tokens without touching anything', async () => {
    expect((await open('x'.repeat(43))).status).toBe(404);
    expect((await open('short')).status).toBe(404);
    expect((await open('%3Cscript%3E')).html).not.toContain('<script>');
  });

  it('expires: shown as INVITE_EXPIRED, the link refused; a resend revives it with a new link', async () => {
    const { user, address } = await invite();
    const oldToken = await latestToken(address);
    await db()
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    expect((await membershipOf(user.id)).membershipStatus).toBe(MembershipStatus.INVITE_EXPIRED);
    const expired = await open(oldToken);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('expired');

    const before = Date.now();
    const { invite: resent } = await sdk.user.resendInvite(orgId, user.id);
    expect(resent).toMatchObject({
      organizationId: orgId,
      userId: user.id,
      status: 'pending_invite',
      resentCount: 1,
    });
    expect(timestampMs(resent!.expiresAt!)).toBeGreaterThanOrEqual(before + 48 * HOUR - 1000);
    expect(resent!.resentAt).toBeDefined();
    expect((await membershipOf(user.id)).membershipStatus).toBe(MembershipStatus.PENDING_INVITE);
    const mails = await mailTo(ctx.server, address);
    expect(mails).toHaveLength(2);
    const newToken = inviteToken(mails[1]!.text_body);
    expect(newToken).not.toBe(oldToken);
    expect((await open(oldToken)).status).toBe(404);
    expect((await open(newToken)).status).toBe(200);
    const resends = await eventsOfType(ctx.server, 'organization.membership_invite_resent', orgId);
    expect(resends.filter((e) => e.data.user.id === user.id)).toHaveLength(1);
  });

  it('resends with a growing count, and refuses once accepted or for an active member', async () => {
    const { user, address } = await invite();
    await sdk.user.resendInvite(orgId, user.id);
    const { invite: second } = await sdk.user.resendInvite(orgId, user.id);
    expect(second!.resentCount).toBe(2);
    expect(await mailTo(ctx.server, address)).toHaveLength(3);
    expect((await open(await latestToken(address))).status).toBe(200);
    const refused = sdk.user.resendInvite(orgId, user.id);
    await expectSdkError(refused, ScalekitBadRequestException, PRECONDITION);

    const active = await sdk.user.createUserAndMembership(orgId, { email: `active.${unique()}@example.com` });
    await expectSdkError(
      sdk.user.resendInvite(orgId, active.user!.id),
      ScalekitBadRequestException,
      PRECONDITION,
    );
    const other = (await sdk.organization.createOrganization('Other')).organization!.id;
    await expectSdkError(sdk.user.resendInvite(other, user.id), ScalekitNotFoundException, NOT_FOUND);
  });

  it('invites an existing user to another organization, with the inviter named', async () => {
    const other = (await sdk.organization.createOrganization('Second Org')).organization!.id;
    const { user, address } = await invite();
    const grpc = userServiceClient(ctx.server.url, `Bearer ${ctx.token}`);
    const { user: after } = await grpc.createMembership({
      organizationId: other,
      identities: { case: 'id', value: user.id },
      membership: { inviterEmail: 'boss@example.com' },
      sendInvitationEmail: true,
    });
    const membership = after!.memberships.find((m) => m.organizationId === other)!;
    expect(membership).toMatchObject({
      membershipStatus: MembershipStatus.PENDING_INVITE,
      inviterEmail: 'boss@example.com',
    });
    const mails = await mailTo(ctx.server, address);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe("You're invited to join Second Org");
    expect(mails[1]!.text_body).toContain('boss@example.com invited you');
  });

  it('sends nothing and adds an active member when no invitation is asked for', async () => {
    const address = `quiet.${unique()}@example.com`;
    const { user } = await sdk.user.createUserAndMembership(orgId, { email: address });
    expect(user!.memberships[0]!.membershipStatus).toBe(MembershipStatus.ACTIVE);
    expect(await mailTo(ctx.server, address)).toEqual([]);
  });
});

describe('GATEHOUSE_INVITE_TTL_HOURS', () => {
  it('defaults to 7 days and accepts 1 hour to 90 days', () => {
    expect(loadConfig({}).inviteTtlHours).toBe(168);
    expect(loadConfig({ GATEHOUSE_INVITE_TTL_HOURS: '1' }).inviteTtlHours).toBe(1);
    expect(() => loadConfig({ GATEHOUSE_INVITE_TTL_HOURS: '0' })).toThrow(/GATEHOUSE_INVITE_TTL_HOURS/);
    expect(() => loadConfig({ GATEHOUSE_INVITE_TTL_HOURS: '2161' })).toThrow(/GATEHOUSE_INVITE_TTL_HOURS/);
    expect(() => loadConfig({ GATEHOUSE_INVITE_TTL_HOURS: 'a week' })).toThrow(/GATEHOUSE_INVITE_TTL_HOURS/);
  });
});

// Link scanners in mail systems fetch every link: a GET must never accept an invitation.
for (const { engine, available } of testEngines()) {
  describe.skipIf(!available)(`invitation page on ${engine}`, () => {
    it('shows a confirmation on GET without accepting; only the POST accepts, once', async () => {
      const server = await startTestServer(engine);
      try {
        const sdk = officialClient(server);
        const orgId = (await sdk.organization.createOrganization('Scanned Inc')).organization!.id;
        const email = `scan.${unique()}@example.com`;
        await sdk.user.createUserAndMembership(orgId, { email, sendInvitationEmail: true });
        const [mail] = await mailTo(server, email);
        const token = inviteToken(mail!.text_body);
        const url = `${server.url}/invites/${token}`;
        for (let i = 0; i < 3; i++) {
          const page = await fetch(url);
          expect(page.status).toBe(200);
          expect(await page.text()).toContain('<form method="post">');
        }
        const status = async () =>
          (await server.running.ctx.db.selectFrom('invitations').select('status').executeTakeFirstOrThrow())
            .status;
        expect(await status()).toBe('pending');
        expect((await fetch(url, { method: 'POST' })).status).toBe(200);
        expect(await status()).toBe('accepted');
        expect((await fetch(url, { method: 'POST' })).status).toBe(410);
        expect((await fetch(url)).status).toBe(410);
      } finally {
        await server.close();
      }
    });
  });
}
