// GetConnectionTestResult (GET /api/v1/connections/{connection_id}/test-requests/{test_request_id}):
// PENDING until the IdP's answer came back, then SUCCESS with user_info or FAILURE with the reason.
// An unknown id, an expired one, or one of another connection are all NOT_FOUND alike.
import {
  TestResultStatus,
  type GetConnectionTestResultRequest,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { AppContext } from '../../app-context.ts';
import { invalidArgument, notFound } from '../../contract/api-error.ts';
import { findConnectionTest } from './test-store.ts';

export async function getConnectionTestResult(
  ctx: AppContext,
  req: Pick<GetConnectionTestResultRequest, 'connectionId' | 'testRequestId'>,
) {
  if (!req.connectionId) throw invalidArgument('connection_id is required');
  if (!req.testRequestId) throw invalidArgument('test_request_id is required');
  const row = await findConnectionTest(ctx.db, req.connectionId, req.testRequestId);
  if (!row) throw notFound(`test request ${req.testRequestId} not found for connection ${req.connectionId}`);
  return {
    status: TestResultStatus[row.status],
    ...(row.user_info !== null ? { userInfo: row.user_info } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.error_description !== null ? { errorDescription: row.error_description } : {}),
    ...(row.error_details !== null ? { errorDetails: row.error_details } : {}),
  };
}
