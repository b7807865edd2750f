// DomainService over REST, as curl would call it, and through our SDK: proto field names and enum
// names out, one organization per domain across the environment, bad names refused before anything
// is written, pagination as the contract documents it, and the event each change writes.
import { Gatehouse, GatehouseError } from '@gatehouse/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows, eventsOf, refuseEvents } from './helpers/db.ts';
import { camelKeys, expectRestError, rest, type RestOptions } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('DomainService over REST', (engine) => {
  const ctx = useServer(engine);
  const call = (method: string, path: string, options: RestOptions = {}) =>
    rest(ctx.server, method, path, { token: ctx.token, ...options });
  const newOrg = async () => {
    const res = await call('POST', '/api/v1/organizations', {
      json: { display_name: `Domains ${unique()}` },
    });
    return res.body.organization.id as string;
  };
  const domainsOf = (org: string) => `/api/v1/organizations/${org}/domains`;
  const create = async (org: string, json: Record<string, unknown>) => {
    const res = await call('POST', domainsOf(org), { json });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.domain as Record<string, any>; // any: JSON from the wire
  };
  const domainRows = () => countRows(ctx.server, 'domains' as never);

  it('creates an organization domain by default, pending DNS proof, and reads it back', async () => {
    const org = await newOrg();
    const name = `acme-${unique()}.com`;
    const domain = await create(org, { domain: name });
    expect(domain).toEqual({
      id: expect.stringMatching(/^dom_[0-9a-z]{26}$/),
      domain: name,
      environment_id: ctx.server.running.ctx.environmentId,
      organization_id: org,
      domain_type: 'ORGANIZATION_DOMAIN',
      verification_status: 'PENDING',
      verification_method: 'DNS',
      txt_record_key: `_gatehouse-verification.${name}`,
      txt_record_secret: expect.stringMatching(/^gatehouse-verification=[0-9a-f]{32}$/),
      create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      update_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(camelKeys(domain)).toEqual([]);
    const got = await call('GET', `${domainsOf(org)}/${domain.id}`);
    expect(got.body).toEqual({ domain });
    const events = await eventsOf(ctx.server, org);
    expect(events.map((e) => e.type)).toContain('organization.domain_created');
    const created = events.find((e) => e.type === 'organization.domain_created')!;
    expect(created.object).toBe('Domain');
    expect(JSON.parse(created.data)).toEqual({
      domain: expect.objectContaining({ id: domain.id, domain: name, domain_type: 'ORGANIZATION_DOMAIN' }),
    });
  });

  it('stores names lower-cased, without the trailing dot, and IDNs as punycode', async () => {
    const org = await newOrg();
    const tag = unique();
    expect((await create(org, { domain: `  MiXeD-${tag}.Example.ORG. ` })).domain).toBe(
      `mixed-${tag}.example.org`,
    );
    expect((await create(org, { domain: `bücher-${tag}.de` })).domain).toBe(
      new URL(`http://bücher-${tag}.de`).hostname,
    );
    expect((await create(org, { domain: `ｗｉｄｅ-${tag}.com` })).domain).toBe(`wide-${tag}.com`);
  });

  it('gives each domain to one organization: the same name again is ALREADY_EXISTS, in any case', async () => {
    const first = await newOrg();
    const second = await newOrg();
    const name = `taken-${unique()}.com`;
    const domain = await create(first, { domain: name });
    for (const [org, spelling] of [
      [first, name],
      [first, name.toUpperCase()],
      [second, `${name}.`],
      [second, name],
    ] as const) {
      const res = await call('POST', domainsOf(org), {
        json: { domain: spelling, domain_type: 'ALLOWED_EMAIL_DOMAIN' },
      });
      expectRestError(res, 409, 6, 'ALREADY_EXISTS', new RegExp(name.replace(/\./g, '\\.')));
      expect(res.body.message).not.toContain(first); // who holds it is not disclosed
    }
    // Once released, another organization can claim it.
    expect((await call('DELETE', `${domainsOf(first)}/${domain.id}`)).status).toBe(200);
    expect((await create(second, { domain: name })).organization_id).toBe(second);
  });

  const BAD_NAMES: [string, RegExp][] = [
    ['', /required/],
    ['   ', /required/],
    ['localhost', /single label/],
    ['com', /single label/],
    ['co.uk', /public suffix/],
    ['github.io', /public suffix/],
    ['*.acme.com', /wildcard/],
    ['192.0.2.1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['2001:db8::1', /IP address/],
    ['0x7f.1', /IP address/],
    ['1.2.3', /IP address/],
    ['acme.123', /not a valid domain|numeric/],
    ['https://acme.com/login', /URL/],
    ['acme.com:443', /URL/],
    ['admin@acme.com', /email address/],
    ['acme..com', /label/],
    ['-acme.com', /label/],
    ['acme-.com', /label/],
    ['ac_me.com', /label/],
    ['acme .com', /not a valid domain|label/],
    [`${'a'.repeat(64)}.com`, /label/],
    [`${'abcdefghi.'.repeat(23)}com`, /longer than 229/],
    ['x'.repeat(5000), /too long/],
    ['gmail.com', /public email provider/],
    ['GoogleMail.com', /public email provider/],
    ['mail.yahoo.co.uk', /public email provider/],
    ['mailinator.com', /disposable/],
    ['<script>.com', /not a valid domain|label/],
  ];

  it('refuses what is not a domain an organization can own, and writes nothing', async () => {
    const org = await newOrg();
    const rows = await domainRows();
    const events = (await eventsOf(ctx.server, org)).length;
    for (const [name, why] of BAD_NAMES) {
      const res = await call('POST', domainsOf(org), { json: { domain: name } });
      expectRestError(res, 400, 3, 'INVALID_ARGUMENT', why);
      expect(res.body.message.length, name).toBeLessThan(400);
    }
    expectRestError(await call('POST', domainsOf(org), { json: {} }), 400, 3, 'INVALID_ARGUMENT');
    expectRestError(
      await call('POST', domainsOf(org), { json: { domain: `t-${unique()}.com`, domain_type: 'WILDCARD' } }),
      400,
      3,
      'INVALID_ARGUMENT',
      /domain_type/,
    );
    expect(await domainRows()).toBe(rows);
    expect((await eventsOf(ctx.server, org)).length).toBe(events);
  });

  it('lists by page (page_size default 30, max 100; page_number from 0) and by type', async () => {
    const org = await newOrg();
    const tag = unique();
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await create(org, {
          domain: `p${i}-${tag}.com`,
          domain_type: i % 2 ? 'ALLOWED_EMAIL_DOMAIN' : undefined,
        }),
      );
    }
    const all = await call('GET', domainsOf(org));
    expect(all.body).toEqual({ page_size: 5, page_number: 0, domains: made });
    const pages = [];
    for (let page = 0; page < 3; page++) {
      const res = await call('GET', `${domainsOf(org)}?page_size=2&page_number=${page}`);
      expect(res.body.page_number).toBe(page);
      pages.push(res.body.domains.map((d: { id: string }) => d.id));
    }
    expect(pages).toEqual([[made[0]!.id, made[1]!.id], [made[2]!.id, made[3]!.id], [made[4]!.id]]);
    const allowed = await call('GET', `${domainsOf(org)}?domain_type=ALLOWED_EMAIL_DOMAIN`);
    expect(allowed.body.domains.map((d: { id: string }) => d.id)).toEqual([made[1]!.id, made[3]!.id]);
    const beyond = await call('GET', `${domainsOf(org)}?page_size=2&page_number=9`);
    expect(beyond.body).toEqual({ page_size: 0, page_number: 9, domains: [] });
    // Another organization's list does not show them.
    expect((await call('GET', domainsOf(await newOrg()))).body.domains).toEqual([]);
    for (const query of [
      'page_size=101',
      'page_size=-1',
      'page_number=-1',
      'include=secrets',
      'domain_type=NOPE',
    ]) {
      expectRestError(await call('GET', `${domainsOf(org)}?${query}`), 400, 3, 'INVALID_ARGUMENT');
    }
    expect((await call('GET', `${domainsOf(org)}?include=verification_details`)).status).toBe(200);
  });

  it('keeps each organization’s domains to itself: another organization’s domain id is NOT_FOUND', async () => {
    const owner = await newOrg();
    const stranger = await newOrg();
    const domain = await create(owner, { domain: `private-${unique()}.com` });
    const path = `${domainsOf(stranger)}/${domain.id}`;
    expectRestError(await call('GET', path), 404, 5, 'NOT_FOUND');
    expectRestError(await call('PATCH', path, { json: {} }), 404, 5, 'NOT_FOUND');
    expectRestError(await call('DELETE', path), 404, 5, 'NOT_FOUND');
    expectRestError(await call('GET', `${domainsOf('org_missing')}/${domain.id}`), 404, 5, 'NOT_FOUND');
    expectRestError(await call('GET', `${domainsOf(owner)}/dom_missing`), 404, 5, 'NOT_FOUND');
    expect((await call('GET', `${domainsOf(owner)}/${domain.id}`)).status).toBe(200);
  });

  it('updates nothing (the contract has no updatable field) and says so by returning it unchanged', async () => {
    const org = await newOrg();
    const domain = await create(org, { domain: `same-${unique()}.com` });
    const before = (await eventsOf(ctx.server, org)).length;
    const res = await call('PATCH', `${domainsOf(org)}/${domain.id}`, { json: {} });
    expect(res.body).toEqual({ domain });
    expect((await eventsOf(ctx.server, org)).length).toBe(before);
    // A field the contract does not have is refused, not silently dropped.
    expectRestError(
      await call('PATCH', `${domainsOf(org)}/${domain.id}`, { json: { domain: 'other.com' } }),
      400,
      3,
      'INVALID_ARGUMENT',
    );
  });

  it('refuses a connection_id: there are no SSO connections to name', async () => {
    const org = await newOrg();
    expectRestError(
      await call('POST', `${domainsOf(org)}?connection_id=conn_1`, { json: { domain: `c-${unique()}.com` } }),
      404,
      5,
      'NOT_FOUND',
      /connection/,
    );
    expectRestError(await call('GET', `${domainsOf(org)}?connection_id=conn_1`), 404, 5, 'NOT_FOUND');
  });

  it('deletes with an event, and deleting the organization takes its domains along', async () => {
    const org = await newOrg();
    const kept = await create(org, { domain: `kept-${unique()}.com` });
    const gone = await create(org, { domain: `gone-${unique()}.com` });
    expect((await call('DELETE', `${domainsOf(org)}/${gone.id}`)).body).toEqual({});
    expectRestError(await call('GET', `${domainsOf(org)}/${gone.id}`), 404, 5, 'NOT_FOUND');
    const deleted = (await eventsOf(ctx.server, org)).filter((e) => e.type === 'organization.domain_deleted');
    expect(deleted.map((e) => JSON.parse(e.data).domain.id)).toEqual([gone.id]);

    expect((await call('DELETE', `/api/v1/organizations/${org}`)).status).toBe(200);
    const left = await ctx.server.running.ctx.db
      .selectFrom('domains')
      .select('id')
      .where('id', '=', kept.id)
      .execute();
    expect(left).toEqual([]);
    expect((await create(await newOrg(), { domain: kept.domain })).domain).toBe(kept.domain);
  });

  it('writes nothing when its event cannot be written', async () => {
    const org = await newOrg();
    const rows = await domainRows();
    await refuseEvents(ctx.server, engine, true);
    try {
      const res = await call('POST', domainsOf(org), { json: { domain: `atomic-${unique()}.com` } });
      expect(res.status).toBe(500);
    } finally {
      await refuseEvents(ctx.server, engine, false);
    }
    expect(await domainRows()).toBe(rows);
  });

  it('answers ListAuthorizedDomains honestly: UNIMPLEMENTED', async () => {
    expectRestError(
      await call('GET', '/api/v1/domains/https%3A%2F%2Fapp.example.com?link_id=x'),
      501,
      12,
      'UNIMPLEMENTED',
      /ListAuthorizedDomains/,
    );
  });

  describe('through @gatehouse/sdk', () => {
    let sdk: Gatehouse;
    beforeAll(() => {
      sdk = new Gatehouse(ctx.server.url, ctx.server.clientId, ctx.server.clientSecret);
    });

    it('creates, gets, lists, verifies and deletes with the official SDK’s names and order', async () => {
      const org = await newOrg();
      const name = `sdk-${unique()}.com`;
      const { domain } = await sdk.domain.createDomain(org, name, { domainType: 'ORGANIZATION_DOMAIN' });
      expect(domain).toMatchObject({
        id: expect.stringMatching(/^dom_/),
        domain: name,
        organizationId: org,
        domainType: 'ORGANIZATION_DOMAIN',
        verificationStatus: 'PENDING',
        txtRecordKey: `_gatehouse-verification.${name}`,
      });
      const allowed = await sdk.domain.createDomain(org, `sdk2-${unique()}.com`, { domainType: 1 });
      expect(allowed.domain.domainType).toBe('ALLOWED_EMAIL_DOMAIN');
      expect((await sdk.domain.getDomain(org, domain.id)).domain).toEqual(domain);
      const list = await sdk.domain.listDomains(org);
      expect(list).toEqual({ pageSize: 2, pageNumber: 0, domains: [domain, allowed.domain] });
      const filtered = await sdk.domain.listDomains(org, { domainType: 'ALLOWED_EMAIL_DOMAIN' });
      expect(filtered.domains).toEqual([allowed.domain]);
      expect((await sdk.domain.listDomains(org, { pageSize: 1, pageNumber: 1 })).domains).toEqual([
        allowed.domain,
      ]);
      expect(await sdk.domain.verifyDomain(org, allowed.domain.id)).toEqual({ verified: true });
      expect(await sdk.domain.deleteDomain(org, domain.id)).toEqual({});
      expect((await sdk.domain.listDomains(org)).domains).toEqual([allowed.domain]);
    });

    it('raises GatehouseError with the contract’s codes, and refuses bad arguments before sending', async () => {
      const org = await newOrg();
      const name = `sdkdup-${unique()}.com`;
      await sdk.domain.createDomain(org, name);
      const conflict = await sdk.domain.createDomain(org, name).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(GatehouseError);
      expect(conflict).toMatchObject({ status: 409, errorCode: 'ALREADY_EXISTS' });
      const invalid = await sdk.domain.createDomain(org, 'gmail.com').catch((e: unknown) => e);
      expect(invalid).toMatchObject({ status: 400, errorCode: 'INVALID_ARGUMENT' });
      const missing = await sdk.domain.getDomain(org, 'dom_missing').catch((e: unknown) => e);
      expect(missing).toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
      for (const refused of [
        sdk.domain.createDomain(org, name, { domainType: 'SUBDOMAIN' as never }),
        sdk.domain.createDomain(org, ''),
        sdk.domain.getDomain(org, '..'),
        sdk.domain.listDomains(org, { domainType: 7 as never }),
      ]) {
        expect(await refused.catch((e: unknown) => e)).toMatchObject({
          status: 0,
          errorCode: 'INVALID_ARGUMENT',
        });
      }
    });
  });
});
