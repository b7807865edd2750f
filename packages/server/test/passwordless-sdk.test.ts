// @gatehouse/sdk's `passwordless` client against a real server on every engine: the official SDK's
// method names and argument order, REST-shaped results (enum names, expiresAt as a bigint) and
// GatehouseError for failures, including arguments refused before any request is made.
import { expect, it } from 'vitest';
import { Gatehouse, GatehouseError } from '../../sdk/src/index.ts';
import { codeIn, latestMail, parameterIn } from './helpers/credentials.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

async function expectError(
  call: Promise<unknown>,
  status: number,
  errorCode: string,
): Promise<GatehouseError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatehouseError);
  expect(error).toMatchObject({ status, errorCode });
  return error as GatehouseError;
}

describeEachEngine('@gatehouse/sdk passwordless client', (engine) => {
  const handle = useServer(engine);
  const sdk = () => new Gatehouse(handle.server.url, handle.server.clientId, handle.server.clientSecret);
  const address = () => `sdk.pl.${unique()}@example.com`;

  it('sends, verifies by code, and reports what it sent and how it was verified', async () => {
    const gh = sdk();
    const email = address();
    const sent = await gh.passwordless.sendPasswordlessEmail(email, {
      template: 'SIGNIN',
      state: 'opaque-state',
      magiclinkAuthUri: 'https://app.example.com/verify',
      expiresIn: 900,
      templateVariables: { CamelKey: 'kept as written' },
    });
    expect(sent).toEqual({
      authRequestId: expect.stringMatching(/^plr_/),
      expiresAt: expect.any(BigInt),
      expiresIn: 900,
      passwordlessType: 'LINK_OTP',
    });
    expect(Number(sent.expiresAt) - Math.floor(Date.now() / 1000)).toBeGreaterThan(890);
    const code = codeIn((await latestMail(handle.server, email)).text_body);
    expect(await gh.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId)).toEqual({
      email,
      state: 'opaque-state',
      template: 'SIGNIN',
      passwordlessType: 'OTP',
    });
    await expectError(
      gh.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId),
      400,
      'FAILED_PRECONDITION',
    );
  });

  it('verifies a magic link, takes the official enum numbers, and resends', async () => {
    const gh = sdk();
    const email = address();
    const sent = await gh.passwordless.sendPasswordlessEmail(email, {
      template: 2,
      magiclinkAuthUri: 'https://app.example.com/verify',
    });
    const first = await latestMail(handle.server, email);
    await expectError(gh.passwordless.resendPasswordlessEmail(sent.authRequestId), 429, 'RESOURCE_EXHAUSTED');
    await handle.server.running.ctx.db
      .updateTable('passwordless_requests')
      .set({ last_sent_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', sent.authRequestId)
      .execute();
    const again = await gh.passwordless.resendPasswordlessEmail(sent.authRequestId);
    expect(again.authRequestId).toBe(sent.authRequestId);
    expect(typeof again.expiresAt).toBe('bigint');
    const second = await latestMail(handle.server, email, 2);
    await expectError(
      gh.passwordless.verifyPasswordlessEmail({ linkToken: parameterIn(first.text_body, 'link_token') }),
      400,
      'INVALID_ARGUMENT',
    );
    const verified = await gh.passwordless.verifyPasswordlessEmail({
      linkToken: parameterIn(second.text_body, 'link_token'),
    });
    expect(verified).toMatchObject({ email, template: 'SIGNUP', passwordlessType: 'LINK' });
  });

  it('refuses bad arguments before sending, and reports server refusals', async () => {
    const gh = sdk();
    await expectError(gh.passwordless.sendPasswordlessEmail(''), 0, 'INVALID_ARGUMENT');
    await expectError(
      gh.passwordless.sendPasswordlessEmail(address(), { template: 'LOGIN' as never }),
      0,
      'INVALID_ARGUMENT',
    );
    await expectError(gh.passwordless.verifyPasswordlessEmail({}), 0, 'INVALID_ARGUMENT');
    await expectError(gh.passwordless.resendPasswordlessEmail(''), 0, 'INVALID_ARGUMENT');
    await expectError(
      gh.passwordless.sendPasswordlessEmail(address(), { expiresIn: 5 }),
      400,
      'INVALID_ARGUMENT',
    );
    await expectError(
      gh.passwordless.verifyPasswordlessEmail({ code: '000000' }, 'plr_nope'),
      404,
      'NOT_FOUND',
    );
  });
});
