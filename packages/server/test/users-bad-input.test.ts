// Bad input and attacks on UserService: malformed and hostile emails (header injection, quoted
// parts, IP literals, oversize), hostile profile values, search text that looks like SQL or LIKE
// wildcards, roles of another organization, forged page tokens and wrongly typed JSON. Each is
// refused with INVALID_ARGUMENT naming the field (or matched literally), and nothing is written.
import { Code, type Client } from '@connectrpc/connect';
import type { Scalekit } from '@scalekit-sdk/node';
import type { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import { beforeAll, expect, it } from 'vitest';
import { expectConnectError } from './helpers/grpc.ts';
import { createOrganizationRole, identityCounts, userServiceClient } from './helpers/identity.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

const BAD_EMAILS: [string, string][] = [
  ['empty', ''],
  ['no @', 'user.example.com'],
  ['two @', 'a@b@example.com'],
  ['a header injection', 'victim@example.com\r\nBcc: all@evil.example'],
  ['a space inside', 'john doe@example.com'],
  ['a quoted local part', '"john..doe"@example.com'],
  ['an IP literal', 'user@[127.0.0.1]'],
  ['a domain without a dot', 'user@localhost'],
  ['a numeric top-level domain', 'user@example.123'],
  ['a leading dot', '.user@example.com'],
  ['a double dot', 'us..er@example.com'],
  ['a trailing dot in the domain', 'user@example.com.'],
  ['a hyphen at a label edge', 'user@-example.com'],
  ['a 64+ character label', `user@${'a'.repeat(64)}.com`],
  ['a 65 character local part', `${'a'.repeat(65)}@example.com`],
  ['255 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`],
  ['a display-name form', 'John <john@example.com>'],
  ['a list', 'a@example.com,b@example.com'],
  ['non-ASCII', 'jürgen@example.com'],
];

const GOOD_EMAILS = [
  "o'brien+tag@sub.example.co.uk",
  'x_y-z@xn--bcher-kva.example',
  `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`,
];

describeEachEngine('UserService refuses bad input', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let grpc: Client<typeof UserService>;
  let orgId: string;
  beforeAll(async () => {
    sdk = officialClient(ctx.server);
    grpc = userServiceClient(ctx.server.url, `Bearer ${ctx.token}`);
    orgId = (await sdk.organization.createOrganization('Bad Input')).organization!.id;
  });
  const invalid = (call: Promise<unknown>) =>
    expectConnectError(call, Code.InvalidArgument, 'INVALID_ARGUMENT');
  const create = (user: Parameters<typeof grpc.createUserAndMembership>[0]['user']) =>
    grpc.createUserAndMembership({ organizationId: orgId, user });
  const email = () => `ok.${unique()}@example.com`;

  it.each(BAD_EMAILS)('refuses an email with %s, writing nothing', async (_, address) => {
    const before = await identityCounts(ctx.server);
    const error = await invalid(create({ email: address }));
    expect(error.rawMessage).toMatch(/^email /);
    expect(await identityCounts(ctx.server)).toEqual(before);
  });

  it('accepts the unusual but valid, and keeps the address as written', async () => {
    expect(GOOD_EMAILS[2]!.length).toBe(254);
    for (const address of GOOD_EMAILS) {
      const { user } = await create({ email: address.toUpperCase() });
      expect(user!.email).toBe(address.toUpperCase());
    }
  });

  it('refuses hostile or oversize profile values, naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ phoneNumber: '555-1234' }, /phone_number/],
      [{ locale: 'en-US; DROP TABLE users' }, /locale/],
      [{ picture: 'javascript:alert(1)' }, /picture/],
      [{ givenName: 'Bob\u0000' }, /given_name/],
      [{ name: 'n'.repeat(256) }, /user_profile.name/],
      [{ groups: Array.from({ length: 101 }, (_, i) => `g${i}`) }, /groups/],
      [{ groups: [''] }, /groups/],
      [{ customAttributes: { k: 'v'.repeat(1025) } }, /custom_attributes/],
    ];
    for (const [userProfile, field] of cases) {
      const error = await invalid(create({ email: email(), userProfile }));
      expect(error.rawMessage).toMatch(field);
    }
  });

  it('refuses oversize external ids, metadata and __proto__ keys', async () => {
    await invalid(create({ email: email(), externalId: 'x'.repeat(256) }));
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect((await invalid(create({ email: email(), metadata: many }))).rawMessage).toMatch(/metadata/);
    await invalid(create({ email: email(), metadata: { ['__proto__']: 'polluted' } }));
    await invalid(create({ email: email(), membership: { metadata: { k: 'v'.repeat(1025) } } }));
    await invalid(create({ email: email(), membership: { inviterEmail: 'not-an-email' } }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('matches search text literally: no SQL, no LIKE wildcards', async () => {
    const tag = unique();
    const { user } = await create({ email: `lit_${tag}@example.com`, externalId: `100%_${tag}` });
    const ids = async (query: string) => (await grpc.searchUsers({ query })).users.map((u) => u.id);
    expect(await ids(`' OR '1'='1`)).toEqual([]);
    expect(await ids(`%_${tag}`)).toEqual([user!.id]);
    expect(await ids(`li__${tag}`)).toEqual([]);
    expect(await ids(`%%%`)).toEqual([]);
    expect(await ids(`\\%_${tag}`)).toEqual([]);
    await invalid(grpc.searchUsers({ query: 'x'.repeat(257) }));
  });

  it('refuses roles of another organization, by name and by id', async () => {
    const other = (await sdk.organization.createOrganization('Other')).organization!.id;
    const name = `private_${unique().replace(/-/g, '')}`;
    const roleId = await createOrganizationRole(sdk, other, name);
    // A user of a third organization, so only the role can be what is wrong.
    const home = (await sdk.organization.createOrganization('Home')).organization!.id;
    const { user } = await grpc.createUserAndMembership({ organizationId: home, user: { email: email() } });
    const before = await identityCounts(ctx.server);
    const membership = (roles: { id?: string; name?: string }[]) =>
      grpc.createMembership({
        organizationId: orgId,
        identities: { case: 'id', value: user!.id },
        membership: { roles },
      });
    await invalid(membership([{ name }]));
    expect((await invalid(membership([{ id: roleId }]))).rawMessage).toContain(roleId);
    await invalid(membership([{}]));
    await invalid(grpc.assignUserRoles({ organizationId: home, userId: user!.id, roles: [{ id: roleId }] }));
    await invalid(
      grpc.assignUserRoles({ organizationId: home, userId: user!.id, roles: [{ roleName: name }] }),
    );
    expect(await identityCounts(ctx.server)).toEqual(before);
  });

  it('refuses forged page tokens and out-of-range page sizes', async () => {
    await invalid(grpc.listUsers({ pageToken: 'bm90LWEtdG9rZW4' }));
    await invalid(grpc.listUsers({ pageToken: Buffer.from("n:usr_1' or 1=1").toString('base64url') }));
    const negative = await rest(ctx.server, 'GET', '/api/v1/users?page_size=-1', { token: ctx.token });
    expectRestError(negative, 400, 3, 'INVALID_ARGUMENT');
    await invalid(grpc.listOrganizationUsers({ organizationId: orgId, pageSize: 1000 }));
  });

  it('refuses wrongly typed REST JSON and unknown fields', async () => {
    const path = `/api/v1/organizations/${orgId}/users`;
    const post = (json: unknown) => rest(ctx.server, 'POST', path, { token: ctx.token, json });
    expectRestError(await post({ email: 5 }), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(
      await post({ email: email(), user_profile: { groups: 'one' } }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
    expectRestError(await post({ email: email(), is_admin: true }), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(await post(['not', 'an', 'object']), 400, 3, 'INVALID_ARGUMENT');
    const del = await rest(
      ctx.server,
      'DELETE',
      `/api/v1/memberships/organizations/${orgId}/users/usr_x?cascade=yes`,
      {
        token: ctx.token,
      },
    );
    expectRestError(del, 400, 3, 'INVALID_ARGUMENT');
  });

  it('requires an identity on requests that name a user', async () => {
    await invalid(grpc.getUser({}));
    await invalid(grpc.updateUser({ identities: { case: 'id', value: '' }, user: {} }));
    await invalid(grpc.updateUser({ identities: { case: 'externalId', value: ' ' }, user: {} }));
    await invalid(grpc.deleteUser({}));
    await invalid(grpc.listUserRoles({ organizationId: orgId, userId: '' }));
    await invalid(grpc.createUserAndMembership({ organizationId: orgId }));
    await invalid(grpc.createUserAndMembership({ organizationId: '', user: { email: email() } }));
  });
});
