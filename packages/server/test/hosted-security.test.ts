// The security primitives of the hosted pages: CSRF tokens, key derivation, the page headers (CSP
// and friends) and the escaping html template.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csrfBinding, csrfToken, csrfValid, deriveKey, newBrowserBinding } from '../src/hosted/csrf.ts';
import { formActionSource, hostedPageHeaders, newNonce } from '../src/hosted/security-headers.ts';
import { html, raw, safeUrl } from '../src/util/html.ts';

const master = randomBytes(32);

describe('CSRF tokens', () => {
  const key = deriveKey(master, 'csrf');
  const binding = csrfBinding('int_1', newBrowserBinding());

  it('accepts the token for its binding and nothing else', () => {
    const token = csrfToken(key, binding);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfToken(key, binding)).toBe(token); // stateless: the same inputs give the same token
    expect(csrfValid(key, binding, token)).toBe(true);
    expect(csrfValid(key, csrfBinding('int_2', 'cookie'), token)).toBe(false);
    expect(csrfValid(deriveKey(randomBytes(32), 'csrf'), binding, token)).toBe(false);
  });

  it('refuses tampered, truncated, padded, empty and non-string tokens', () => {
    const token = csrfToken(key, binding);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const bad of [
      flipped,
      token.slice(0, -1),
      `${token}=`,
      `${token}A`,
      '',
      undefined,
      null,
      42,
      [token],
      { token },
    ]) {
      expect(csrfValid(key, binding, bad), String(bad)).toBe(false);
    }
  });

  it('binds parts unambiguously, and refuses to bind to nothing', () => {
    expect(csrfBinding('a.b', 'c')).not.toBe(csrfBinding('a', 'b.c'));
    expect(csrfToken(key, csrfBinding('ab', 'c'))).not.toBe(csrfToken(key, csrfBinding('a', 'bc')));
    expect(() => csrfToken(key, '')).toThrow();
    expect(csrfValid(key, '', csrfToken(key, 'x'))).toBe(false);
    expect(() => csrfToken(Buffer.alloc(16), binding)).toThrow(/32 bytes/);
  });

  it('gives every browser a fresh 256-bit binding value', () => {
    const values = new Set(Array.from({ length: 50 }, newBrowserBinding));
    expect(values.size).toBe(50);
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('deriveKey', () => {
  it('is deterministic per purpose, different across purposes, and never the master key', () => {
    const csrf = deriveKey(master, 'csrf');
    expect(csrf).toHaveLength(32);
    expect(deriveKey(master, 'csrf').equals(csrf)).toBe(true);
    expect(deriveKey(master, 'cookies').equals(csrf)).toBe(false);
    expect(csrf.equals(master)).toBe(false);
    expect(deriveKey(randomBytes(32), 'csrf').equals(csrf)).toBe(false);
    expect(() => deriveKey(Buffer.alloc(16), 'csrf')).toThrow();
    expect(() => deriveKey(master, 'CSRF; other')).toThrow();
  });
});

describe('hosted page headers', () => {
  it('sends a strict CSP with the nonce and the framing, referrer, sniffing and caching headers', () => {
    const nonce = newNonce();
    const headers = hostedPageHeaders(nonce);
    expect(headers['content-security-policy']).toBe(
      `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
    expect(headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect(headers['permissions-policy']).toContain('camera=()');
    expect(newNonce()).not.toBe(nonce);
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });

  it('adds the redirect targets to form-action as origins, once each', () => {
    const csp = hostedPageHeaders(newNonce(), {
      formActionOrigins: [
        'https://app.example.com/callback?x=1',
        'https://app.example.com/other',
        'http://localhost:3000/cb',
        'com.example.app:/oauth2redirect',
      ],
    })['content-security-policy'];
    expect(csp).toContain(
      "form-action 'self' https://app.example.com http://localhost:3000 com.example.app:;",
    );
  });

  it('cannot be made to add directives or dangerous sources through a redirect URI', () => {
    for (const uri of [
      "https://a.example.com; script-src 'unsafe-inline'",
      'javascript:alert(1)',
      'data:text/html,x',
      'not a url',
      "'unsafe-inline'",
      '*',
    ]) {
      expect(formActionSource(uri) ?? '', uri).not.toMatch(/[;' *]/);
    }
    expect(formActionSource('javascript:alert(1)')).toBeUndefined();
    expect(formActionSource('https://a.example.com/cb;script-src')).toBe('https://a.example.com');
    expect(() => hostedPageHeaders("abc'; script-src *")).toThrow(/nonce/);
  });
});

describe('the html template', () => {
  // Another name for the tag keeps the formatter from re-indenting the expected markup.
  const template = html;
  it('escapes every value, keeps nested templates and raw() fragments, drops empty values', () => {
    const value = `<b title="x">'&'</b>`;
    expect(template`<p title="${value}">${value}</p>`.value).toBe(
      '<p title="&lt;b title=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;">&lt;b title=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;</p>',
    );
    expect(template`<ul>${['<a>', template`<li>${'<c>'}</li>`]}</ul>`.value).toBe(
      '<ul>&lt;a&gt;<li>&lt;c&gt;</li></ul>',
    );
    expect(template`${raw('<br>')}${undefined}${null}${false}${0}`.value).toBe('<br>0');
  });

  it('allows same-site paths and http(s) URLs as links, nothing else', () => {
    expect(safeUrl('/interaction/abc')).toBe('/interaction/abc');
    expect(safeUrl('https://auth.example.com/x')).toBe('https://auth.example.com/x');
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:x',
      '//evil.example',
      '/\\evil.example',
      'data:,x',
      'x',
      '',
    ]) {
      expect(() => safeUrl(bad), bad).toThrow();
    }
  });
});
