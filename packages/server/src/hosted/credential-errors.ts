// What a hosted form says when a credential check is refused: the same words whatever the reason
// an account check failed (so no answer tells whether an account exists), and 429 with Retry-After
// when the per-account or per-IP limit is reached.
import { ApiError } from '../contract/api-error.ts';

export interface Refusal {
  status: number;
  message: string;
  headers: Record<string, string>;
}

export function refusalOf(error: unknown, fallback: string): Refusal {
  if (!(error instanceof ApiError)) throw error;
  if (error.errorCode === 'RESOURCE_EXHAUSTED') {
    const seconds = error.retryAfterSeconds ?? 60;
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return {
      status: 429,
      message: `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      headers: { 'retry-after': String(seconds) },
    };
  }
  if (error.errorCode === 'INVALID_ARGUMENT') return { status: 400, message: error.message, headers: {} };
  if (
    error.errorCode === 'UNAUTHENTICATED' ||
    error.errorCode === 'NOT_FOUND' ||
    error.errorCode === 'FAILED_PRECONDITION'
  ) {
    return { status: 400, message: fallback, headers: {} };
  }
  throw error;
}
