// The headers of every hosted page (sign-in, sign-up, logout...). The pages carry no script and one
// nonce'd <style>, so the policy can deny everything else. form-action lists the client's redirect
// origins because Chrome applies form-action to every redirect that follows a form POST: the hop
// from our own page back to the application would otherwise be blocked.
import { randomBytes } from 'node:crypto';

export interface HostedHeaderOptions {
  /** Redirect URIs (or their origins) a form on this page may end up at after redirects. */
  formActionOrigins?: readonly string[];
  /** The page carries one nonce'd script (the automatic sign-out); every other page has none. */
  script?: boolean;
  /** Leave 'self' out of form-action: the page's one form posts elsewhere (an IdP), nowhere else. */
  noSelfFormAction?: boolean;
}

const NONCE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
const SCHEME = /^[a-z][a-z0-9+.-]*$/;

/** A fresh CSP nonce for one response (128 bits, base64). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The CSP source for a redirect target: its origin for http(s), its scheme for an app's private-use
 * scheme (`com.example.app:/callback`, RFC 8252). Anything that is not a clean URL gives undefined, so
 * nothing from client metadata can add directives to the policy.
 */
export function formActionSource(uri: string): string | undefined {
  if (!URL.canParse(uri)) return undefined;
  const url = new URL(uri);
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'http' || scheme === 'https') return url.origin;
  if (!SCHEME.test(scheme) || ['javascript', 'data', 'blob', 'file', 'filesystem'].includes(scheme)) {
    return undefined;
  }
  return `${scheme}:`;
}

export function contentSecurityPolicy(
  nonce: string,
  formActionOrigins: readonly string[] = [],
  script = false,
  self = true,
): string {
  if (!NONCE.test(nonce)) throw new Error('CSP nonce must be base64 of at least 12 bytes');
  const targets = new Set(self ? ["'self'"] : []);
  for (const uri of formActionOrigins) {
    const source = formActionSource(uri);
    if (source) targets.add(source);
  }
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    ...(script ? [`script-src 'nonce-${nonce}'`] : []),
    "img-src 'self' data:",
    `form-action ${targets.size > 0 ? [...targets].join(' ') : "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function hostedPageHeaders(nonce: string, options: HostedHeaderOptions = {}): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy(
      nonce,
      options.formActionOrigins,
      options.script,
      !options.noSelfFormAction,
    ),
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    // Nothing on these pages needs a device; passkeys (publickey-credentials-*) stay at their default.
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}
