// GET /interaction/:uid/sso?result=<token>: the browser back from the ACS, with the interaction's
// cookie. Takes the SSO result handed to this interaction, finds or provisions the person, and
// starts their session in the connection's organization (so the tokens carry oid = that
// organization), recording user.signup / user.login with the connection, the person's identity at
// the IdP (user-identities.ts) and, when the connection maps groups to roles, their roles.
import { findConnectionById } from '../connections/connection-store.ts';
import { ApiError } from '../contract/api-error.ts';
import { showNoAccess, startSession } from '../hosted/finish-login.ts';
import type { InteractionPage } from '../hosted/interaction-page.ts';
import { messagePage } from '../hosted/ui/index.ts';
import { rolesFromGroups, setMemberRoles } from './group-roles.ts';
import { accountForSso } from './jit-provisioning.ts';
import { consumeSsoResult } from './sso-handoff.ts';
import { mapSsoPerson } from './sso-profile.ts';
import { usableForLogin } from './sso-routing.ts';
import { recordIdentity } from './user-identities.ts';

export async function finishSso(page: InteractionPage, search: string): Promise<void> {
  const token = new URLSearchParams(search).get('result') ?? '';
  const result = await consumeSsoResult(page.ctx.db, page.uid, token);
  if (!result) return refuse(page, 'This sign-in result has expired or was already used.');
  const connection = await findConnectionById(page.ctx.db, result.connectionId);
  if (!connection || !(await usableForLogin(page.ctx, connection)) || !connection.organization_id) {
    return refuse(page, 'This single sign-on connection is not available.');
  }
  const wanted = page.interaction.params.organization_id;
  if (typeof wanted === 'string' && wanted !== '' && wanted !== connection.organization_id) {
    return showNoAccess(page);
  }
  const person = mapSsoPerson(result.profile, connection.attribute_mapping);
  if (!person) return refuse(page, 'The identity provider did not send an email address.');
  // undefined: the connection maps no groups to roles and never touches them (sso/group-roles.ts).
  const mappedRoles = await rolesFromGroups(page.ctx, connection, person.groups);
  let account;
  try {
    account = await accountForSso(page.ctx, connection, person, mappedRoles);
  } catch (error) {
    if (error instanceof ApiError)
      return refuse(page, `The identity provider's profile was refused: ${error.message}.`);
    throw error;
  }
  if ('refused' in account) return refuse(page, account.refused, 403);
  await recordIdentity(page.ctx.db, connection, account.userId, result.profile);
  if (mappedRoles) await setMemberRoles(page.ctx, connection.organization_id, account.userId, mappedRoles);
  if (account.created) await page.remember({ signedUpUserId: account.userId });
  await startSession(page, account.userId, 'sso', connection.organization_id, connection.id);
}

function refuse(page: InteractionPage, message: string, status = 400): void {
  page.render(
    status,
    messagePage({
      ...page.base,
      title: 'Single sign-on failed',
      message,
      link: { href: page.step(), text: 'Start again' },
    }),
  );
}
