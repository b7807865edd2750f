// AuthService calls are authenticated by cookies, so another site must not be able to make a
// browser send them (CSRF). Two rules: a state-changing call must carry a content type no HTML form
// can send (application/json on REST; a cross-site script sending it needs a CORS preflight,
// which Gatehouse never grants), and a call that names its Origin must come from Gatehouse's own.
import { ApiError } from '../contract/api-error.ts';
import type { AnyRequest } from '../http/respond.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD']);
/** Content types a cross-site form or no-cors fetch can send without a preflight. */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export function refuseCrossSite(publicOrigin: string, req: AnyRequest, protocol: 'rest' | 'rpc'): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== publicOrigin) {
    throw new ApiError(
      'PERMISSION_DENIED',
      `cross-site request refused: Origin ${origin} is not ${publicOrigin}`,
    );
  }
  if (SAFE_METHODS.has(req.method ?? 'GET')) return;
  const type = mediaType(req.headers['content-type']);
  const allowed = protocol === 'rest' ? type === 'application/json' : type !== '' && !SIMPLE_TYPES.has(type);
  if (!allowed) {
    throw new ApiError(
      'PERMISSION_DENIED',
      'this call is authenticated by the sign-in cookie and must be sent with Content-Type: application/json',
    );
  }
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
