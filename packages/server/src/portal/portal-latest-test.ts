// The latest connection test on the portal's connection page. The result page of a test is shown in
// the window that went to the IdP and links back here; this reads the newest unexpired test of the
// connection (the caller has already checked the connection is the session's organization's, and
// tests are looked up by that connection id only, so another organization's never show).
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';
import type { TestUserInfo } from '../sso/connection-test/test-outcome.ts';

export interface LatestTest {
  status: 'PENDING' | 'SUCCESS' | 'FAILURE';
  startedAt: string;
  userInfo?: TestUserInfo;
  error?: string;
  description?: string;
  /** What the IdP sent (a failure's details may carry them). */
  attributes: Record<string, string[]>;
}

export async function latestConnectionTest(
  db: Kysely<Database>,
  connectionId: string,
): Promise<LatestTest | undefined> {
  const row = await db
    .selectFrom('connection_tests')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('expires_at', '>', isoNow())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  const base = { status: row.status, startedAt: row.created_at };
  if (row.status === 'SUCCESS' && row.user_info) {
    const userInfo = JSON.parse(row.user_info) as TestUserInfo;
    return { ...base, userInfo, attributes: userInfo.attributes ?? {} };
  }
  if (row.status === 'FAILURE') {
    const details = row.error_details
      ? (JSON.parse(row.error_details) as { attributes?: Record<string, string[]> })
      : {};
    return {
      ...base,
      error: row.error ?? 'unknown',
      description: row.error_description ?? '',
      attributes: details.attributes ?? {},
    };
  }
  return { ...base, attributes: {} };
}
