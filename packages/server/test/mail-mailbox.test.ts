// Without an SMTP relay, mail is kept in the database and shown at /dev/mailbox: newest first, every
// field escaped, HTML bodies inside a sandboxed iframe under a CSP that loads nothing. The page exists
// only while the development mailbox is on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMessage } from '../src/mail/mail-store.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

const HOSTILE = '<script>alert("subject")</script>';
const HOSTILE_HTML =
  '<p>Hi</p><script>alert("body")</script><img src="https://tracker.example/p.gif" onerror="alert(1)">"\'';

async function page(server: Pick<TestServer, 'url'>, path: string, init?: RequestInit) {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, headers: res.headers, html: await res.text() };
}

describeEachEngine('the development mailbox', (engine) => {
  const ctx = useServer(engine);
  const send = (subject: string, extra: { text?: string; html?: string } = {}) =>
    ctx.server.running.ctx.mail.send({
      to: `dev-${unique()}@customer.example`,
      subject,
      text: extra.text ?? 'plain text',
      ...(extra.html === undefined ? {} : { html: extra.html }),
    });

  it('keeps mail in the database when no SMTP relay is configured', async () => {
    expect(ctx.server.running.ctx.mail.transport).toBe('mailbox');
    const id = await send('Stored, not sent');
    expect(await findMessage(ctx.server.running.ctx.db, id)).toMatchObject({
      transport: 'mailbox',
      status: 'stored',
      subject: 'Stored, not sent',
      from_address: 'Gatehouse <no-reply@localhost>',
      sent_at: null,
    });
  });

  it('lists stored mail newest first, with strict security headers', async () => {
    const tag = unique();
    const older = await send(`Older ${tag}`);
    const newer = await send(`Newer ${tag}`);
    const list = await page(ctx.server, '/dev/mailbox');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(list.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(list.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
    expect(list.headers.get('cache-control')).toBe('no-store');
    const newerAt = list.html.indexOf(`/dev/mailbox/${newer}`);
    const olderAt = list.html.indexOf(`/dev/mailbox/${older}`);
    expect(newerAt).toBeGreaterThan(-1);
    expect(olderAt).toBeGreaterThan(newerAt);
    expect(list.html).toContain(`Newer ${tag}`);
  });

  it('escapes a hostile subject everywhere it is shown', async () => {
    const id = await send(HOSTILE);
    for (const path of ['/dev/mailbox', `/dev/mailbox/${id}`]) {
      const { html } = await page(ctx.server, path);
      expect(html, path).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;');
      expect(html, path).not.toContain(HOSTILE);
      expect(html.match(/<script/gi), path).toBeNull();
    }
  });

  it('shows an HTML body only inside a sandboxed iframe, escaped into srcdoc', async () => {
    const id = await send('HTML body', {
      html: HOSTILE_HTML,
      text: 'Open https://app.example/invite?t=a&b=c. Or javascript:alert(1)',
    });
    const { status, html } = await page(ctx.server, `/dev/mailbox/${id}`);
    expect(status).toBe(200);
    const iframes = html.match(/<iframe[^>]*>/g) ?? [];
    expect(iframes).toHaveLength(1);
    const iframe = iframes[0]!;
    expect(iframe).toMatch(/ sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    expect(iframe).not.toMatch(/allow-scripts|allow-same-origin/);
    const srcdoc = /srcdoc="([^"]*)"/.exec(iframe)?.[1];
    expect(srcdoc).toContain('&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;');
    expect(srcdoc).toContain('&quot;&#39;');
    // Outside the iframe, nothing of the body is markup.
    expect(html.replace(iframe, '')).not.toMatch(/<script|<img|onerror/i);
    // The text body's http(s) link is clickable (escaped); the javascript: text is not a link.
    expect(html).toContain(
      '<a href="https://app.example/invite?t=a&amp;b=c" rel="noopener noreferrer" target="_blank">',
    );
    expect(html).not.toMatch(/href="javascript:/);
  });

  it('answers 404 for unknown or malformed message ids', async () => {
    for (const path of [
      '/dev/mailbox/msg_00000000000000000000000000',
      '/dev/mailbox/..%2F..%2Fetc%2Fpasswd',
      '/dev/mailbox/msg_x',
    ]) {
      const res = await page(ctx.server, path);
      expect(res.status, path).toBe(404);
      expect(res.html).toContain('No such message');
    }
  });

  it('serves reads only', async () => {
    const res = await page(ctx.server, '/dev/mailbox', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.html).not.toContain('Mailbox');
  });
});

describeEachEngine('the development mailbox on a public URL', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { GATEHOUSE_PUBLIC_URL: 'https://auth.acme.example' });
  });
  afterAll(() => server?.close());

  it('is not served by default, though mail is still kept', async () => {
    const id = await server.running.ctx.mail.send({
      to: 'a@customer.example',
      subject: 'Secret link',
      text: 'x',
    });
    expect(server.running.ctx.mail.transport).toBe('mailbox');
    expect((await findMessage(server.running.ctx.db, id))?.status).toBe('stored');
    for (const path of ['/dev/mailbox', `/dev/mailbox/${id}`]) {
      const res = await page(server, path);
      expect(res.status, path).toBe(404);
      expect(res.html).not.toContain('Secret link');
    }
  });
});

describe('the development mailbox enabled explicitly', () => {
  it('is served on a public URL with GATEHOUSE_DEV_MAILBOX=true', async () => {
    const server = await startTestServer('sqlite', {
      GATEHOUSE_PUBLIC_URL: 'https://auth.acme.example',
      GATEHOUSE_DEV_MAILBOX: 'true',
    });
    try {
      await server.running.ctx.mail.send({ to: 'a@customer.example', subject: 'Visible', text: 'x' });
      const res = await page(server, '/dev/mailbox');
      expect(res.status).toBe(200);
      expect(res.html).toContain('Visible');
    } finally {
      await server.close();
    }
  });
});
