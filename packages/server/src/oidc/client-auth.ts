// Client authentication in front of the provider's token, revocation and introspection endpoints:
// a confidential client's secret is checked against our digests here (client-adapter.ts explains
// why), then the request continues into oidc-provider with the parameters already read.
import type { AppContext } from '../app-context.ts';
import { clientAuthenticationFailed, readCredentials } from '../auth/oauth-request.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import { verifiedClient, type VerifiedClient } from './client-adapter.ts';

export type NodeHandler = (req: AnyRequest, res: AnyResponse) => Promise<void> | void;

export async function continueWithClient(
  ctx: AppContext,
  handler: NodeHandler,
  req: AnyRequest,
  res: AnyResponse,
  params: URLSearchParams,
): Promise<void> {
  let verified: VerifiedClient | undefined;
  const basic = /^Basic /i.test(req.headers.authorization ?? '');
  if (basic || params.has('client_secret')) {
    const credentials = readCredentials(req.headers.authorization, params);
    const client = await ctx.clients.authenticate(credentials.clientId, credentials.clientSecret);
    if (!client) throw clientAuthenticationFailed(basic);
    verified = {
      clientId: client.id,
      secret: credentials.clientSecret,
      method: credentials.viaBasic ? 'client_secret_basic' : 'client_secret_post',
    };
  }
  // oidc-provider reads an already-consumed body from req.body.
  (req as AnyRequest & { body?: unknown }).body = Object.fromEntries(params);
  req.headers['content-type'] = 'application/x-www-form-urlencoded';
  await verifiedClient.run(verified, () => handler(req, res));
}
