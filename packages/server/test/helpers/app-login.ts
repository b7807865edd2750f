// Fixtures for sign-in tests: the environment application's callback URLs, and people with a
// password and organizations, made through the API and the credential store.
import type { TestServer } from '../harness.ts';
import { rest } from './rest.ts';

export const CALLBACK = 'http://localhost:4010/auth/callback';
export const AFTER_LOGOUT = 'http://localhost:4010/goodbye';

export async function registerCallbacks(
  server: TestServer,
  token: string,
  extra: string[] = [],
): Promise<void> {
  const res = await rest(server, 'PATCH', `/api/v1/clients/${server.clientId}`, {
    token,
    json: {
      post_login_uris: [CALLBACK, ...extra],
      post_logout_redirect_uris: [AFTER_LOGOUT],
    },
  });
  if (res.status !== 200)
    throw new Error(`registering callbacks failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface Person {
  userId: string;
  email: string;
  password: string;
  organizationIds: string[];
}

/** A person with a password, member of `organizations` new organizations (with the given roles). */
export async function person(
  server: TestServer,
  token: string,
  options: { organizations?: number; roles?: string[]; email?: string } = {},
): Promise<Person> {
  const email = options.email ?? `p-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = `Correct horse ${crypto.randomUUID().slice(0, 6)} battery`;
  const organizationIds: string[] = [];
  let userId = '';
  for (let i = 0; i < (options.organizations ?? 1); i++) {
    const org = await rest(server, 'POST', '/api/v1/organizations', {
      token,
      json: { display_name: `Org ${i} of ${email}` },
    });
    const orgId = (org.body as { organization: { id: string } }).organization.id;
    organizationIds.push(orgId);
    const roles = (options.roles ?? []).map((name) => ({ name }));
    if (!userId) {
      const created = await rest(server, 'POST', `/api/v1/organizations/${orgId}/users`, {
        token,
        json: {
          email,
          membership: { roles },
        },
      });
      if (created.status !== 201 && created.status !== 200)
        throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
      userId = (created.body as { user: { id: string } }).user.id;
    } else {
      const added = await rest(server, 'POST', `/api/v1/memberships/organizations/${orgId}/users/${userId}`, {
        token,
        json: { roles },
      });
      if (added.status !== 201 && added.status !== 200)
        throw new Error(`membership: ${added.status} ${JSON.stringify(added.body)}`);
    }
  }
  if (!userId) {
    throw new Error('a person needs at least one organization here');
  }
  await server.running.ctx.passwords.setPassword(userId, password, email);
  return { userId, email, password, organizationIds };
}
