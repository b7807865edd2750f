// Records a connection test's answer, once, and shows it to the admin's browser. A second answer
// (a concurrent post, a replay that got this far) changes nothing and is refused.
import type { AppContext } from '../../app-context.ts';
import type { AnyResponse } from '../../http/respond.ts';
import { refuseSso } from '../sso-refusal-page.ts';
import type { TestOutcome } from './test-outcome.ts';
import { sendTestResultPage } from './test-result-page.ts';
import { completeConnectionTest } from './test-store.ts';

export async function recordTestAnswer(
  ctx: AppContext,
  res: AnyResponse,
  connectionId: string,
  testId: string,
  outcome: TestOutcome,
): Promise<void> {
  if (!(await completeConnectionTest(ctx.db, testId, outcome))) {
    // Answered meanwhile (a concurrent post) or expired: the result already given stands.
    return refuseSso(ctx, res, 400, 'This connection test was already answered or has expired.');
  }
  ctx.logger.info(
    {
      connectionId,
      testId,
      status: outcome.status,
      ...(outcome.status === 'FAILURE' ? { reason: outcome.error } : {}),
    },
    'connection test answered',
  );
  sendTestResultPage(ctx, res, outcome, connectionId);
}
