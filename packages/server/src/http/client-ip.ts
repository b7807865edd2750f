import type { AnyRequest } from './respond.ts';

/** The caller's IP: the socket peer, or the first X-Forwarded-For hop when a trusted proxy is configured. */
export function clientIp(req: AnyRequest, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket?.remoteAddress ?? 'unknown';
}
