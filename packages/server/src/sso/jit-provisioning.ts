// The Gatehouse user an SSO login signs in: a member of the connection's organization matched by
// email, or — when the connection allows just-in-time provisioning — a user created (email verified)
// or an existing user added to the organization with its default role. The IdP is trusted for an
// address it does not already manage in the organization only when the address's domain is a
// DNS-verified domain of that organization: otherwise any organization's IdP could assert anyone's
// email and take over their account.
import { VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { insertUser, newUserRow } from '../credentials/login-users.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { readOidcConfig } from '../connections/oidc-config.ts';
import { readSamlConfig } from '../connections/saml-config.ts';
import type { Database } from '../store/schema.ts';
import { parseEmail } from '../users/email.ts';
import * as memberships from '../users/membership-store.ts';
import type { RoleRef } from '../users/membership-store.ts';
import { addMembership } from '../users/membership-write.ts';
import { membershipChanged } from '../users/user-events.ts';
import * as users from '../users/user-store.ts';
import { emailDomain } from './sso-routing.ts';
import type { SsoPerson } from './sso-profile.ts';
import { syncProfile } from './sso-profile-sync.ts';

export type SsoAccount = { userId: string; created: boolean } | { refused: string };

export async function accountForSso(
  ctx: AppContext,
  connection: ConnectionRow,
  person: SsoPerson,
  /** The roles a new membership gets (the IdP's groups mapped, sso/group-roles.ts); else the default. */
  roles: RoleRef[] = [],
): Promise<SsoAccount> {
  const organizationId = connection.organization_id ?? '';
  const config = provisioningSwitches(connection);
  const email = parseEmail(person.email);
  const existing = await users.findByEmail(ctx.db, email.normalized);
  const membership = existing ? await memberships.find(ctx.db, organizationId, existing.id) : undefined;
  if (existing && membership?.status === 'active') {
    if (config.sync_user_profile_on_login) await syncProfile(ctx, existing, person);
    return { userId: existing.id, created: false };
  }
  if (membership) return { refused: 'Your membership of this organization is not active yet.' };
  if (!(await domainVerified(ctx.db, organizationId, emailDomain(email.normalized) ?? ''))) {
    return {
      refused: `This organization's identity provider cannot sign in ${email.address}: the address is not in a verified domain of the organization.`,
    };
  }
  if (!config.jit_provisioning_with_sso_enabled) {
    return {
      refused: `${email.address} has no account in this organization. Ask an administrator of the organization to add you.`,
    };
  }
  const user = existing ?? newUserRow(email, person, true);
  await ctx.db.transaction().execute(async (trx) => {
    if (!existing) await insertUser(trx, ctx.environmentId, user);
    await addMembership(trx, ctx, organizationId, user.id, {
      roles: roles.map((r) => ({ id: r.id })),
      metadata: {},
      inviterEmail: null,
      invite: false,
    });
    await membershipChanged(trx, ctx.environmentId, 'organization.membership_created', user, organizationId);
  });
  if (existing && config.sync_user_profile_on_login) await syncProfile(ctx, existing, person);
  return { userId: user.id, created: !existing };
}

/** The JIT and profile-sync switches live in the protocol's own configuration. */
function provisioningSwitches(connection: ConnectionRow) {
  return connection.type === 'OIDC'
    ? readOidcConfig(connection.oidc_config)
    : readSamlConfig(connection.saml_config);
}

async function domainVerified(db: Kysely<Database>, organizationId: string, domain: string) {
  const row = await db
    .selectFrom('domains')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('domain', '=', domain)
    .where('verification_status', '=', VerificationStatus.VERIFIED)
    .executeTakeFirst();
  return row !== undefined;
}
