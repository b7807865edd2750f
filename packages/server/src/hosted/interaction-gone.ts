// An interaction can disappear while a hosted page is being answered: it expired, it was finished in
// another tab, its cookie was cleared, or someone else signed in in this browser since. oidc-provider
// then throws SessionNotFound (from interactionDetails when the page opens, or from interactionResult /
// interactionFinished when a step remembers or finishes). That is the person's sign-in running out,
// not a fault of the server: they get the "This sign-in has expired" page (400) and the log a warning.
import { errors } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import type { AnyResponse } from '../http/respond.ts';
import { interactionExpired } from './interaction-start.ts';

/** Whether `error` is oidc-provider saying the interaction (or the session it began in) is gone. */
export function isInteractionGone(error: unknown): error is InstanceType<typeof errors.SessionNotFound> {
  return error instanceof errors.SessionNotFound;
}

/**
 * Answers a request whose interaction is gone with the expired page; rethrows anything else, and
 * a gone interaction after the answer has started (nothing can be said to the browser then).
 */
export function answerGoneInteraction(ctx: AppContext, res: AnyResponse, error: unknown, path: string): void {
  if (!isInteractionGone(error) || res.headersSent) throw error;
  ctx.logger.warn(
    { path, reason: error.error_description ?? error.message },
    'hosted sign-in: the interaction is gone, answered with the expired page',
  );
  interactionExpired(ctx, res);
}
