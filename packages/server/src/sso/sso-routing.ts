// Which SSO connection a sign-in goes to, from what the application asked for (connection_id, then
// organization_id) or the person's email domain (home-realm discovery). Only an enabled, configured
// SAML or OIDC connection of an organization whose `sso` feature is on applies, and only when exactly one does:
// anything ambiguous falls back to the ordinary sign-in page.
import { VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { AppContext } from '../app-context.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { featuresOf } from '../organizations/organization-mapper.ts';
import { oidcConnectionUsable } from './oidc-connection.ts';
import { samlConnectionConfig } from './saml-connection-config.ts';
import { simulatorAllows } from './simulator/simulator-switch.ts';

export interface SsoHints {
  connectionId?: string | undefined;
  organizationId?: string | undefined;
  /** An email domain (domain / domain_hint, or the part after @ of an email). */
  domain?: string | undefined;
}

export async function findSsoConnection(
  ctx: AppContext,
  hints: SsoHints,
): Promise<ConnectionRow | undefined> {
  if (hints.connectionId) {
    const row = await ctx.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', hints.connectionId)
      .executeTakeFirst();
    if (!row || (hints.organizationId && row.organization_id !== hints.organizationId)) return undefined;
    return only(ctx, [row]);
  }
  if (hints.domain) {
    let query = ctx.db
      .selectFrom('connection_domains')
      .innerJoin('domains', 'domains.id', 'connection_domains.domain_id')
      .innerJoin('connections', 'connections.id', 'connection_domains.connection_id')
      .selectAll('connections')
      .where('domains.domain', '=', hints.domain.toLowerCase())
      // Only a domain proven in DNS routes people: an organization must not capture other
      // organizations' (or a mail provider's) users by claiming their domain.
      .where('domains.verification_status', '=', VerificationStatus.VERIFIED);
    if (hints.organizationId) query = query.where('connections.organization_id', '=', hints.organizationId);
    const found = await only(ctx, await query.execute());
    if (found || !hints.organizationId) return found;
  }
  if (hints.organizationId) {
    const rows = await ctx.db
      .selectFrom('connections')
      .selectAll()
      .where('organization_id', '=', hints.organizationId)
      .execute();
    return only(ctx, rows);
  }
  return undefined;
}

/** The one usable connection among `rows`, or undefined when there is none or more than one. */
async function only(ctx: AppContext, rows: ConnectionRow[]): Promise<ConnectionRow | undefined> {
  const usable: ConnectionRow[] = [];
  for (const row of rows) {
    if (await usableForLogin(ctx, row)) usable.push(row);
  }
  return usable.length === 1 ? usable[0] : undefined;
}

/** Enabled, configured SAML or OIDC, and its organization has the `sso` feature on. */
export async function usableForLogin(ctx: AppContext, row: ConnectionRow): Promise<boolean> {
  if (row.enabled !== 1 || row.organization_id === null) return false;
  // GATEHOUSE_IDP_SIMULATOR=off: a simulator connection made earlier signs no one in.
  if (!simulatorAllows(ctx, row.provider)) return false;
  if (!samlConnectionConfig(row, ctx.config.publicUrl) && !oidcConnectionUsable(row)) return false;
  const org = await ctx.db
    .selectFrom('organizations')
    .select('features')
    .where('id', '=', row.organization_id)
    .executeTakeFirst();
  return org !== undefined && featuresOf(org).some((f) => f.name === 'sso' && f.enabled);
}

/** The domain of an email address, lower-cased; undefined when it has none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : undefined;
}
