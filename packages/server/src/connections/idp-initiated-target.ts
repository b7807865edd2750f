// Where an IdP-initiated SAML login is sent: the connection's default_redirect_uri. Gatehouse sends
// a browser there with a signed token on the word of whoever posted a valid assertion, so the
// address must be one the environment's applications already trust — a registered redirect URI or
// initiate-login URI, compared exactly — or the ACS would be an open redirect. Checked when the
// value is set, and again at the ACS (an application may have dropped the URI since).
import type { Kysely } from 'kysely';
import { registeredAppUris } from '../clients/registered-uris.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { Database } from '../store/schema.ts';
import type { ConnectionRow } from './connection-store.ts';
import { readSamlConfig } from './saml-config.ts';

/** True when `uri` is exactly a redirect URI or initiate-login URI of an environment application. */
export async function isRegisteredAppUri(db: Kysely<Database>, uri: string): Promise<boolean> {
  return (await registeredAppUris(db)).includes(uri);
}

/** Refuses an update that sets a default_redirect_uri no application has registered. */
export async function checkIdpInitiatedTarget(
  db: Kysely<Database>,
  current: ConnectionRow,
  next: ConnectionRow,
): Promise<void> {
  if (next.type !== 'SAML') return;
  const target = readSamlConfig(next.saml_config).default_redirect_uri;
  // An unchanged value is not re-checked, so an unrelated update never fails because of it.
  if (target === undefined || target === readSamlConfig(current.saml_config).default_redirect_uri) return;
  if (!(await isRegisteredAppUri(db, target))) {
    throw invalidArgument(
      `default_redirect_uri: "${target.slice(0, 100)}" is not a redirect URI or initiate-login URI of ` +
        'an application of this environment; register it on the application first',
    );
  }
}
