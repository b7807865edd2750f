// Mail through a real SMTP server (smtp-server on a loopback port): what arrives, what is recorded in
// mail_messages, and what happens when the relay refuses a recipient, rejects our credentials or is
// not there at all — recorded as 'failed', never thrown, and never with the password in a log line.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { parseMailbox } from '../src/mail/mail-address.ts';
import { findMessage } from '../src/mail/mail-store.ts';
import { SmtpMailer } from '../src/mail/smtp-mailer.ts';
import { parseSmtpUrl } from '../src/mail/smtp-url.ts';
import { freePort, startTestServer, type TestServer } from './harness.ts';
import { header, startSmtpReceiver, type SmtpReceiver } from './helpers/smtp-receiver.ts';
import { describeEachEngine, unique } from './helpers/servers.ts';

const CREDENTIALS = { user: 'relay-user', pass: 'S3cret-relay-pa55' };
const FROM = 'Gatehouse Test <noreply@gatehouse.test>';

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

describeEachEngine('mail through SMTP', (engine) => {
  let receiver: SmtpReceiver;
  let server: TestServer;
  beforeAll(async () => {
    receiver = await startSmtpReceiver(CREDENTIALS);
    server = await startTestServer(engine, {
      GATEHOUSE_SMTP_URL: receiver.url(CREDENTIALS),
      GATEHOUSE_MAIL_FROM: FROM,
    });
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });
  const mailer = () => server.running.ctx.mail;
  const row = (id: string) => findMessage(server.running.ctx.db, id);
  /** An SmtpMailer on this server's database, pointed at `url`, logging into `logger`. */
  const mailerFor = (url: string, logger: pino.Logger) =>
    new SmtpMailer(server.running.ctx.db, parseMailbox(FROM)!, parseSmtpUrl(url), logger);

  it('is the transport the server chose from GATEHOUSE_SMTP_URL', () => {
    expect(mailer().transport).toBe('smtp');
  });

  it('delivers with the configured From, the recipient, subject and both bodies, and records it as sent', async () => {
    const to = `new.user+${unique()}@customer.example`;
    const id = await mailer().send({
      to,
      subject: 'You are invited to Acme',
      text: 'Accept here: https://app.example/invite/abc',
      html: '<p>Accept <a href="https://app.example/invite/abc">here</a></p>',
    });
    expect(id).toMatch(/^msg_[0-9a-z]{26}$/);
    const mail = receiver.received.find((m) => m.to.includes(to));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('noreply@gatehouse.test');
    expect(mail!.user).toBe(CREDENTIALS.user);
    expect(header(mail!.raw, 'From')).toBe(FROM);
    expect(header(mail!.raw, 'To')).toBe(to);
    expect(header(mail!.raw, 'Subject')).toBe('You are invited to Acme');
    expect(header(mail!.raw, 'X-Gatehouse-Message-Id')).toBe(id);
    expect(mail!.raw).toContain('Accept here: https://app.example/invite/abc');
    expect(mail!.raw).toMatch(/Content-Type: text\/html/i);
    expect(await row(id)).toMatchObject({
      to_address: to,
      from_address: FROM,
      subject: 'You are invited to Acme',
      transport: 'smtp',
      status: 'sent',
      error: null,
      sent_at: expect.stringMatching(/^\d{4}-/),
    });
  });

  it('keeps a line break in the subject from becoming a header of its own', async () => {
    const to = `inject-${unique()}@customer.example`;
    await mailer().send({ to, subject: 'Hello\r\nBcc: victim@evil.example', text: 'hi' });
    const mail = receiver.received.find((m) => m.to.includes(to))!;
    expect(mail.to).toEqual([to]);
    expect(header(mail.raw, 'Bcc')).toBeUndefined();
    expect(header(mail.raw, 'Subject')).toBe('Hello Bcc: victim@evil.example');
  });

  it('records a refused recipient as failed with the relay’s answer, without throwing', async () => {
    const before = receiver.received.length;
    const id = await mailer().send({ to: `refused-${unique()}@customer.example`, subject: 'x', text: 'x' });
    const recorded = await row(id);
    expect(recorded).toMatchObject({ status: 'failed', sent_at: null });
    expect(recorded!.error).toMatch(/550|No such mailbox/);
    expect(receiver.received.length).toBe(before);
  });

  it('records rejected credentials as failed, and neither the log nor the record holds the password', async () => {
    const { logger, lines } = capturedLogger();
    const wrong = { user: CREDENTIALS.user, pass: 'Wr0ng-password-value' };
    const id = await mailerFor(receiver.url(wrong), logger).send({
      to: `auth-${unique()}@customer.example`,
      subject: 'x',
      text: 'x',
    });
    const recorded = await row(id);
    expect(recorded?.status).toBe('failed');
    expect(recorded!.error).toMatch(/EAUTH|Invalid/);
    const log = lines.join('\n');
    expect(log).toContain('mail delivery failed');
    expect(log).toContain(id);
    for (const secret of [wrong.pass, CREDENTIALS.pass]) {
      expect(log).not.toContain(secret);
      expect(recorded!.error).not.toContain(secret);
    }
  });

  it('records an unreachable relay as failed', async () => {
    const { logger, lines } = capturedLogger();
    const url = `smtp://${CREDENTIALS.user}:${CREDENTIALS.pass}@127.0.0.1:${await freePort()}`;
    const id = await mailerFor(url, logger).send({
      to: `down-${unique()}@customer.example`,
      subject: 'x',
      text: 'x',
    });
    const recorded = await row(id);
    expect(recorded).toMatchObject({ status: 'failed', transport: 'smtp' });
    expect(recorded!.error).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(lines.join('\n')).not.toContain(CREDENTIALS.pass);
  });

  it('refuses a recipient that is not exactly one address, before recording or sending anything', async () => {
    const before = receiver.received.length;
    const count = async () =>
      Number(
        (
          await server.running.ctx.db
            .selectFrom('mail_messages')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rows = await count();
    for (const to of [
      'a@x.example, b@y.example',
      'a@x.example\r\nBcc: b@y.example',
      'Name <a@x.example>',
      'nobody',
      '',
    ]) {
      await expect(mailer().send({ to, subject: 'x', text: 'x' }), JSON.stringify(to)).rejects.toMatchObject({
        errorCode: 'INVALID_ARGUMENT',
      });
    }
    expect(await count()).toBe(rows);
    expect(receiver.received.length).toBe(before);
  });

  it('does not serve the development mailbox', async () => {
    const res = await fetch(`${server.url}/dev/mailbox`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Mailbox');
  });
});

describe('mail settings', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('accepts smtp:// and smtps:// URLs and refuses anything else without echoing the password', () => {
    expect(problems({ GATEHOUSE_SMTP_URL: 'smtp://mail.example:2525' })).toEqual([]);
    expect(
      problems({ GATEHOUSE_SMTP_URL: 'smtps://u:p%40ss@mail.example?tls.rejectUnauthorized=false' }),
    ).toEqual([]);
    expect(parseSmtpUrl('smtps://u:p%40ss@mail.example')).toMatchObject({
      host: 'mail.example',
      port: 465,
      secure: true,
      auth: { user: 'u', pass: 'p@ss' },
    });
    expect(parseSmtpUrl('smtp://mail.example')).toMatchObject({ port: 587, secure: false, auth: undefined });
    for (const url of [
      'http://user:hunter2-secret@mail.example',
      'smtp://user:hunter2-secret@mail.example/path',
      'smtp://user:hunter2-secret@mail.example?debug=true',
      'not a url hunter2-secret',
    ]) {
      const found = problems({ GATEHOUSE_SMTP_URL: url });
      expect(found, url).toHaveLength(1);
      expect(found[0]).toMatch(/^GATEHOUSE_SMTP_URL/);
      expect(found[0]).not.toContain('hunter2-secret');
    }
  });

  it('takes a From of the form "Name <address>" or an address, with a safe default', () => {
    expect(loadConfig({}).mailFrom).toBe('Gatehouse <no-reply@localhost>');
    expect(problems({ GATEHOUSE_MAIL_FROM: '"Acme, Inc." <auth@acme.example>' })).toEqual([]);
    expect(problems({ GATEHOUSE_MAIL_FROM: 'auth@acme.example' })).toEqual([]);
    for (const bad of ['not an address', 'a@b.example, c@d.example', 'X <a@b.example>\r\nBcc: c@d.example']) {
      expect(problems({ GATEHOUSE_MAIL_FROM: bad }), bad).toHaveLength(1);
    }
  });

  it('serves the development mailbox only without SMTP, and by default only on a loopback public URL', () => {
    const local = { GATEHOUSE_PUBLIC_URL: 'http://localhost:8080' };
    const remote = { GATEHOUSE_PUBLIC_URL: 'https://auth.acme.example' };
    expect(loadConfig(local).devMailbox).toBe(true);
    expect(loadConfig({ GATEHOUSE_PUBLIC_URL: 'http://127.0.0.1:3000' }).devMailbox).toBe(true);
    expect(loadConfig(remote).devMailbox).toBe(false);
    expect(loadConfig({ ...local, GATEHOUSE_SMTP_URL: 'smtp://mail.example' }).devMailbox).toBe(false);
    expect(loadConfig({ ...remote, GATEHOUSE_DEV_MAILBOX: 'true' }).devMailbox).toBe(true);
    expect(loadConfig({ ...local, GATEHOUSE_DEV_MAILBOX: 'false' }).devMailbox).toBe(false);
    expect(
      problems({ GATEHOUSE_DEV_MAILBOX: 'true', GATEHOUSE_SMTP_URL: 'smtp://mail.example' }),
    ).toHaveLength(1);
    expect(problems({ GATEHOUSE_DEV_MAILBOX: 'sometimes' })).toHaveLength(1);
  });
});
