// The environment's application is first-party: people are never asked to consent to it. Each
// authorization is granted exactly the scopes it asked for (plus offline access when it asked for
// it). A login always gets a grant of its own, recorded against the Gatehouse session it started (and
// the browser's provider session is pointed at that session); a later authorization in the same
// session reuses the grant when it asks for the same.
import type { KoaContextWithOIDC, Grant } from 'oidc-provider';
import type { SessionLink } from './session-link.ts';

const RESOURCE_SCOPES = new Set(['openid', 'profile', 'email', 'phone', 'offline_access']);

export interface HostedLoginResult {
  gatehouse?: { sessionId: string };
}

export function firstPartyGrant(sessions: SessionLink) {
  return async (ctx: KoaContextWithOIDC): Promise<Grant | undefined> => {
    const { session, client, params, provider } = ctx.oidc;
    const accountId = session?.accountId;
    if (!session || !client || !accountId) return undefined;
    const started = (ctx.oidc.result as HostedLoginResult | undefined)?.gatehouse;
    if (started) await sessions.link(started.sessionId, session.uid);
    const owner = started ? started.sessionId : (await sessions.byProviderUid(session.uid))?.id;
    if (!owner) return undefined;

    const requested = String(params?.scope ?? 'openid')
      .split(' ')
      .filter(Boolean);
    if (params?.gatehouse_offline === '1' && !requested.includes('offline_access'))
      requested.push('offline_access');
    const oidcScope = requested.join(' ');
    const resourceScope = requested.filter((s) => RESOURCE_SCOPES.has(s)).join(' ');
    const resource = String(params?.resource ?? provider.issuer);

    const existingId = started ? undefined : session.grantIdFor(client.clientId);
    if (existingId) {
      const existing = await provider.Grant.find(existingId);
      if (
        existing &&
        existing.accountId === accountId &&
        existing.getOIDCScope() === oidcScope &&
        existing.getResourceScope(resource) === resourceScope
      ) {
        return existing;
      }
    }
    const grant = new provider.Grant({ accountId, clientId: client.clientId });
    grant.addOIDCScope(oidcScope);
    grant.addResourceScope(resource, resourceScope);
    const grantId = await grant.save();
    await sessions.recordGrant(grantId, owner);
    await sessions.recordClient(owner, client.clientId);
    return grant;
  };
}
