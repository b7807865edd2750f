// Starting a connection test: what the admin portal calls when an IT admin clicks "Test connection".
// The browser goes to the IdP exactly as for a sign-in, but the request is marked with the test, so
// its answer is recorded for GetConnectionTestResult instead of signing anyone in. A test works on a
// disabled connection (testing comes before enabling) as long as its IdP side is complete.
import type { AppContext } from '../../app-context.ts';
import { failedPrecondition, invalidArgument, notFound } from '../../contract/api-error.ts';
import { findConnectionById, type ConnectionRow } from '../../connections/connection-store.ts';
import { OidcRejected } from '../oidc/oidc-rejected.ts';
import { oidcConnectionUsable } from '../oidc-connection.ts';
import { createSamlAuthnRequest } from '../saml/saml-request.ts';
import { samlLoginConfig } from '../saml-login-config.ts';
import { simulatorAllows } from '../simulator/simulator-switch.ts';
import { createConnectionTest, dropConnectionTest } from './test-store.ts';

export interface StartedConnectionTest {
  /** `ctr_…`: what GetConnectionTestResult takes, with the connection id. */
  testRequestId: string;
  /** Where to send the admin's browser: the IdP's sign-in. */
  redirectUrl: string;
}

/**
 * NOT_FOUND for an unknown connection; FAILED_PRECONDITION when its IdP side is incomplete (or, for
 * OIDC, the IdP cannot be reached or discovered). The caller checks the connection is the admin's.
 */
export async function startConnectionTest(
  ctx: AppContext,
  connectionId: string,
): Promise<StartedConnectionTest> {
  if (!connectionId) throw invalidArgument('connection id is required');
  const row = await findConnectionById(ctx.db, connectionId);
  if (!row) throw notFound(`connection ${connectionId} not found`);
  const send = await idpRequestFor(ctx, row);
  const testRequestId = await createConnectionTest(ctx.db, row.id);
  try {
    return { testRequestId, redirectUrl: await send(testRequestId) };
  } catch (error) {
    await dropConnectionTest(ctx.db, testRequestId);
    if (!(error instanceof OidcRejected)) throw error;
    ctx.logger.warn({ connectionId, reason: error.reason }, 'connection test not started');
    throw failedPrecondition(
      `the identity provider of connection ${row.id} cannot be used (${error.reason})`,
    );
  }
}

/** How to send this connection's IdP request for a test, or FAILED_PRECONDITION before anything is stored. */
async function idpRequestFor(
  ctx: AppContext,
  row: ConnectionRow,
): Promise<(testId: string) => Promise<string>> {
  const incomplete = () =>
    failedPrecondition(
      `connection ${row.id} cannot be tested: its identity provider settings are incomplete (status ${row.status})`,
    );
  if (!simulatorAllows(ctx, row.provider)) {
    throw failedPrecondition(
      `connection ${row.id} cannot be tested: the IdP simulator is turned off on this server (GATEHOUSE_IDP_SIMULATOR=off)`,
    );
  }
  if (row.type === 'SAML') {
    const config = await samlLoginConfig(ctx, row);
    if (!config) throw incomplete();
    // The RelayState names the test, so a refused answer can still be reported on it; only the stored
    // request that the signed assertion answers can make it a success.
    return async (testId) => (await createSamlAuthnRequest(ctx.db, config, testId, testId)).redirectUrl;
  }
  if (row.type === 'OIDC') {
    if (!oidcConnectionUsable(row)) throw incomplete();
    return async (testId) => (await ctx.oidcRp.startOidcLogin(ctx.db, row, null, testId)).redirectUrl;
  }
  throw failedPrecondition(`connection ${row.id} cannot be tested: only SAML and OIDC connections can`);
}
