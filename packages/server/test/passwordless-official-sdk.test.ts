// PasswordlessService through the official SDK's `scalekit.passwordless`, as Scalekit's headless
// passwordless guide uses it: send (code and magic link to the app's magiclink_auth_uri), verify by
// code with the auth_request_id or by the link's token, resend; replays and guesses refused.
import {
  ScalekitBadRequestException,
  ScalekitNotFoundException,
  ScalekitTooManyRequestsException,
} from '@scalekit-sdk/node';
import {
  PasswordlessType,
  TemplateType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js';
import { Code } from '@connectrpc/connect';
import { expect, it } from 'vitest';
import { codeIn, latestMail, parameterIn } from './helpers/credentials.ts';
import { INVALID, NOT_FOUND, PRECONDITION, expectSdkError, officialClient } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

const MAGIC = 'https://yourapp.com/passwordless/verify';
const TOO_MANY = { httpStatus: 429, grpcStatus: Code.ResourceExhausted, errorCode: 'RESOURCE_EXHAUSTED' };

describeEachEngine('PasswordlessService via the official SDK', (engine) => {
  const handle = useServer(engine);
  const address = () => `john.doe.${unique()}@example.com`;

  it('runs the documented flow: send, then verify the code with the auth_request_id', async () => {
    const scalekit = officialClient(handle.server);
    const email = address();
    const before = Math.floor(Date.now() / 1000);
    const sent = await scalekit.passwordless.sendPasswordlessEmail(email, {
      template: 'SIGNIN' as never,
      state: 'jAy-state1-gM4fdZ',
      magiclinkAuthUri: MAGIC,
      expiresIn: 300,
      templateVariables: { custom_variable_key: 'custom_variable_value' },
    });
    expect(sent.authRequestId).toMatch(/^plr_[0-9a-z]{26}$/);
    expect(sent.expiresIn).toBe(300);
    expect(sent.passwordlessType).toBe(PasswordlessType.LINK_OTP);
    expect(Number(sent.expiresAt)).toBeGreaterThanOrEqual(before + 300);
    expect(Number(sent.expiresAt)).toBeLessThanOrEqual(before + 302);

    const mail = await latestMail(handle.server, email);
    expect(mail.subject).toBe('Your sign-in code and link');
    expect(mail.subject).not.toMatch(/\d{6}/);
    const code = codeIn(mail.text_body);
    expect(mail.text_body).toContain(`${MAGIC}?link_token=`);
    expect(mail.text_body).toMatch(/expires in 5 minutes/);

    const verified = await scalekit.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId);
    expect(verified).toMatchObject({
      email,
      state: 'jAy-state1-gM4fdZ',
      template: TemplateType.SIGNIN,
      passwordlessType: PasswordlessType.OTP,
    });
    // The same code again, and the link of the same (now used) request: both refused.
    await expectSdkError(
      scalekit.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId),
      ScalekitBadRequestException,
      PRECONDITION,
    );
    const linkToken = parameterIn(mail.text_body, 'link_token');
    const replay = await expectSdkError(
      scalekit.passwordless.verifyPasswordlessEmail({ linkToken }),
      ScalekitBadRequestException,
      PRECONDITION,
    );
    expect(replay.message).toMatch(/already used/);
  });

  it('verifies the magic link by its token alone, once; SIGNUP comes back as sent', async () => {
    const scalekit = officialClient(handle.server);
    const email = address();
    await scalekit.passwordless.sendPasswordlessEmail(email, {
      template: TemplateType.SIGNUP,
      magiclinkAuthUri: `${MAGIC}?tenant=acme`,
    });
    const mail = await latestMail(handle.server, email);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.text_body).toContain(`${MAGIC}?tenant=acme&link_token=`);
    const linkToken = parameterIn(mail.text_body, 'link_token');
    const verified = await scalekit.passwordless.verifyPasswordlessEmail({ linkToken });
    expect(verified).toMatchObject({
      email,
      template: TemplateType.SIGNUP,
      passwordlessType: PasswordlessType.LINK,
    });
    expect(verified.state).toBeUndefined();
    await expectSdkError(
      scalekit.passwordless.verifyPasswordlessEmail({ linkToken }),
      ScalekitBadRequestException,
      PRECONDITION,
    );
  });

  it('sends only a code when no magiclink_auth_uri is given', async () => {
    const scalekit = officialClient(handle.server);
    const email = address();
    const sent = await scalekit.passwordless.sendPasswordlessEmail(email);
    expect(sent.passwordlessType).toBe(PasswordlessType.OTP);
    expect(sent.expiresIn).toBe(300);
    const mail = await latestMail(handle.server, email);
    expect(mail.subject).toBe('Your sign-in code');
    expect(mail.text_body).not.toMatch(/https?:/);
  });

  it('resends with a new code that replaces the old one, not sooner than 30 s after the last', async () => {
    const scalekit = officialClient(handle.server);
    const email = address();
    const sent = await scalekit.passwordless.sendPasswordlessEmail(email, { magiclinkAuthUri: MAGIC });
    const first = await latestMail(handle.server, email);
    const tooSoon = await expectSdkError(
      scalekit.passwordless.resendPasswordlessEmail(sent.authRequestId),
      ScalekitTooManyRequestsException,
      TOO_MANY,
    );
    expect(tooSoon.message).toMatch(/wait \d+ seconds/);
    // Thirty seconds pass.
    await handle.server.running.ctx.db
      .updateTable('passwordless_requests')
      .set({ last_sent_at: new Date(Date.now() - 31_000).toISOString() })
      .where('id', '=', sent.authRequestId)
      .execute();
    const again = await scalekit.passwordless.resendPasswordlessEmail(sent.authRequestId);
    expect(again).toMatchObject({
      authRequestId: sent.authRequestId,
      expiresIn: 300,
      passwordlessType: PasswordlessType.LINK_OTP,
    });
    const second = await latestMail(handle.server, email, 2);
    const oldCode = codeIn(first.text_body);
    const newCode = codeIn(second.text_body);
    // The old link is dead at once.
    await expectSdkError(
      scalekit.passwordless.verifyPasswordlessEmail({
        linkToken: parameterIn(first.text_body, 'link_token'),
      }),
      ScalekitBadRequestException,
      INVALID,
    );
    if (oldCode !== newCode) {
      await expectSdkError(
        scalekit.passwordless.verifyPasswordlessEmail({ code: oldCode }, sent.authRequestId),
        ScalekitBadRequestException,
        INVALID,
      );
    }
    const verified = await scalekit.passwordless.verifyPasswordlessEmail(
      { code: newCode },
      sent.authRequestId,
    );
    expect(verified.email).toBe(email);
  });

  it('refuses bad input and unknown requests with the official SDK’s exceptions', async () => {
    const scalekit = officialClient(handle.server);
    await expectSdkError(
      scalekit.passwordless.sendPasswordlessEmail('not-an-email'),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.passwordless.sendPasswordlessEmail(address(), { expiresIn: 10 }),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.passwordless.sendPasswordlessEmail(address(), { expiresIn: 3601 }),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.passwordless.sendPasswordlessEmail(address(), { magiclinkAuthUri: 'javascript:alert(1)' }),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.passwordless.verifyPasswordlessEmail({ code: '123456' }),
      ScalekitBadRequestException,
      INVALID,
    );
    await expectSdkError(
      scalekit.passwordless.verifyPasswordlessEmail({ code: '123456' }, 'plr_unknown'),
      ScalekitNotFoundException,
      NOT_FOUND,
    );
    await expectSdkError(
      scalekit.passwordless.resendPasswordlessEmail('plr_unknown'),
      ScalekitNotFoundException,
      NOT_FOUND,
    );
    await expectSdkError(
      scalekit.passwordless.verifyPasswordlessEmail({ linkToken: 'A'.repeat(43) }),
      ScalekitBadRequestException,
      INVALID,
    );
  });
});
