// Runs once before the suite: finds out whether PostgreSQL is reachable, so the PostgreSQL half of
// every engine-parameterised test runs or is reported as skipped ("not run") — never as passed.
import pg from 'pg';

export const POSTGRES_ADMIN_URL =
  process.env.GATEHOUSE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    process.env.GATEHOUSE_TEST_PG_AVAILABLE = '1';
  } catch (error) {
    process.env.GATEHOUSE_TEST_PG_AVAILABLE = '0';
    process.stderr.write(
      `\n*** PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable (${(error as Error).message}); ` +
        'the PostgreSQL tests will be reported as skipped: NOT RUN. ***\n\n',
    );
  } finally {
    await client.end().catch(() => {});
  }
}
