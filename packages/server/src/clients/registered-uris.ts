// Every URL the environment's applications have registered as somewhere a browser may be sent: their
// post-login redirect URIs and initiate-login URIs, exactly as stored. Other capabilities ask here
// before sending a browser to an address (IdP-initiated SAML login), or to let a page's form-action
// policy reach the application (the IdP simulator's auto-posting page).
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export async function registeredAppUris(db: Kysely<Database>): Promise<string[]> {
  const apps = await db
    .selectFrom('api_clients')
    .select(['post_login_uris', 'initiate_login_uri'])
    .where('kind', '=', 'environment')
    .execute();
  return apps.flatMap((app) => [
    ...(JSON.parse(app.post_login_uris) as string[]),
    ...(app.initiate_login_uri ? [app.initiate_login_uri] : []),
  ]);
}
