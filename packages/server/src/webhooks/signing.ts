// Signing a delivery two ways at once. Standard Webhooks (what the official SDK's
// verifyWebhookPayload and the `standardwebhooks` package check): v1,<base64 HMAC-SHA256 of
// "id.timestamp.body"> keyed by the bytes base64-encoded after `whsec_`. And the documented
// X-Scalekit-Signature: hex HMAC-SHA256 of the raw body keyed by the secret string as shown.
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

function standardKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'x-scalekit-signature': string;
}

/**
 * `secrets` lists the current secret first, then any previous one still inside its overlap: each
 * gets a v1 signature, space-separated, so receivers on either secret verify during a rotation.
 * X-Scalekit-Signature holds one value (receivers compare the whole header), from the current secret.
 */
export function signDelivery(
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const signed = `${messageId}.${timestampSeconds}.${body}`;
  const signatures = secrets.map(
    (s) => `v1,${createHmac('sha256', standardKey(s)).update(signed).digest('base64')}`,
  );
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
    'x-scalekit-signature': createHmac('sha256', secrets[0] ?? '')
      .update(body)
      .digest('hex'),
  };
}
