// Domain verification against a real DNS server started for the test (dns2 on a loopback UDP port,
// reached through GATEHOUSE_DNS_SERVERS): the right TXT value at the right name verifies a domain,
// anything else leaves it PENDING, and an unreachable resolver is reported as UNAVAILABLE.
import { Gatehouse } from '@gatehouse/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getToken, startTestServer, type TestServer } from './harness.ts';
import { eventsOf } from './helpers/db.ts';
import { deadDnsAddress, startDnsServer, type TestDnsServer } from './helpers/dns-server.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique } from './helpers/servers.ts';

describeEachEngine('domain verification over DNS', (engine) => {
  let dns: TestDnsServer;
  let server: TestServer;
  let token: string;
  let sdk: Gatehouse;
  beforeAll(async () => {
    dns = await startDnsServer();
    server = await startTestServer(engine, { GATEHOUSE_DNS_SERVERS: dns.address });
    token = await getToken(server);
    sdk = new Gatehouse(server.url, server.clientId, server.clientSecret);
  });
  afterAll(async () => {
    await server?.close();
    await dns?.close();
  });

  const call = (method: string, path: string, json?: unknown) => rest(server, method, path, { token, json });
  const newOrg = async () => {
    const res = await call('POST', '/api/v1/organizations', { display_name: `Verify ${unique()}` });
    return res.body.organization.id as string;
  };
  const addDomain = async (org: string, domain: string, domainType?: string) => {
    const res = await call('POST', `/api/v1/organizations/${org}/domains`, {
      domain,
      domain_type: domainType,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.domain as Record<string, any>; // any: JSON from the wire
  };
  const verify = (org: string, id: string) =>
    call('PATCH', `/api/v1/organizations/${org}/domains/${id}:verify`);
  const status = async (org: string, id: string) =>
    (await call('GET', `/api/v1/organizations/${org}/domains/${id}`)).body.domain.verification_status;
  const verifiedEvents = async (org: string) =>
    (await eventsOf(server, org)).filter((e) => e.type === 'organization.domain_verified');

  it('verifies a domain whose TXT record holds the issued value, once, with one event', async () => {
    const org = await newOrg();
    const domain = await addDomain(org, `verify-${unique()}.com`);
    expect(domain).toMatchObject({
      verification_status: 'PENDING',
      verification_method: 'DNS',
      txt_record_key: `_gatehouse-verification.${domain.domain}`,
      txt_record_secret: expect.stringMatching(/^gatehouse-verification=[0-9a-f]{32}$/),
    });

    // Before the record is published: not verified, still pending, nothing announced.
    expect((await verify(org, domain.id)).body).toEqual({ verified: false });
    expect(dns.queries).toContain(domain.txt_record_key);
    expect(await status(org, domain.id)).toBe('PENDING');

    // Published among other TXT values, split into two character-strings as long values are.
    const secret = domain.txt_record_secret as string;
    dns.txt.set(domain.txt_record_key, [['v=spf1 -all'], [secret.slice(0, 10), secret.slice(10)]]);
    expect(await sdk.domain.verifyDomain(org, domain.id)).toEqual({ verified: true });
    expect(await status(org, domain.id)).toBe('VERIFIED');
    const events = await verifiedEvents(org);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data)).toMatchObject({
      domain: { id: domain.id, domain: domain.domain, verification_status: 'VERIFIED', organization_id: org },
    });

    // Verified for good: asking again answers at once, without DNS, and announces nothing new.
    const asked = dns.queries.length;
    dns.txt.delete(domain.txt_record_key);
    expect((await verify(org, domain.id)).body).toEqual({ verified: true });
    expect(dns.queries.length).toBe(asked);
    expect(await verifiedEvents(org)).toHaveLength(1);
  });

  it('leaves a domain PENDING when the value is wrong, at the wrong name, or another domain’s', async () => {
    const org = await newOrg();
    const wrong = await addDomain(org, `wrong-${unique()}.com`);
    const apex = await addDomain(org, `apex-${unique()}.com`);
    const borrowed = await addDomain(org, `borrowed-${unique()}.com`);
    dns.txt.set(wrong.txt_record_key, [['gatehouse-verification=0123456789abcdef0123456789abcdef']]);
    dns.txt.set(wrong.domain, [[wrong.txt_record_secret]]);
    dns.txt.set(apex.domain, [[apex.txt_record_secret]]); // the value at the domain, not the record name
    dns.txt.set(borrowed.txt_record_key, [[wrong.txt_record_secret]]); // a value issued for another domain
    for (const domain of [wrong, apex, borrowed]) {
      expect((await verify(org, domain.id)).body, domain.domain).toEqual({ verified: false });
      expect(await status(org, domain.id)).toBe('PENDING');
    }
    expect(await verifiedEvents(org)).toEqual([]);
  });

  it('accepts the value with the quotes some DNS consoles keep, but not with anything else added', async () => {
    const org = await newOrg();
    const quoted = await addDomain(org, `quoted-${unique()}.com`);
    const padded = await addDomain(org, `padded-${unique()}.com`);
    dns.txt.set(quoted.txt_record_key, [[`"${quoted.txt_record_secret}"`]]);
    dns.txt.set(padded.txt_record_key, [[`${padded.txt_record_secret}x`]]);
    expect((await verify(org, quoted.id)).body).toEqual({ verified: true });
    expect((await verify(org, padded.id)).body).toEqual({ verified: false });
  });

  it('verifies once when two requests race: both succeed, one event', async () => {
    const org = await newOrg();
    const domain = await addDomain(org, `race-${unique()}.com`);
    dns.txt.set(domain.txt_record_key, [[domain.txt_record_secret]]);
    const results = await Promise.all([
      verify(org, domain.id),
      verify(org, domain.id),
      verify(org, domain.id),
    ]);
    expect(results.map((r) => r.body)).toEqual([{ verified: true }, { verified: true }, { verified: true }]);
    expect(await verifiedEvents(org)).toHaveLength(1);
  });

  it('needs no DNS for an allowed email domain: it is auto-verified', async () => {
    const org = await newOrg();
    const domain = await addDomain(org, `allowed-${unique()}.com`, 'ALLOWED_EMAIL_DOMAIN');
    expect(domain).toMatchObject({
      verification_status: 'AUTO_VERIFIED',
      verification_method: 'NOT_APPLICABLE',
      txt_record_key: '',
      txt_record_secret: '',
    });
    const asked = dns.queries.length;
    expect((await verify(org, domain.id)).body).toEqual({ verified: true });
    expect(dns.queries.length).toBe(asked);
  });

  it('refuses ids that are not domain ids, and domains of other organizations', async () => {
    const org = await newOrg();
    const other = await newOrg();
    const domain = await addDomain(org, `mine-${unique()}.com`);
    dns.txt.set(domain.txt_record_key, [[domain.txt_record_secret]]);
    expectRestError(await verify(org, 'org_123'), 400, 3, 'INVALID_ARGUMENT', /dom_/);
    expectRestError(await verify(other, domain.id), 404, 5, 'NOT_FOUND');
    expect(await status(org, domain.id)).toBe('PENDING');
  });
});

describeEachEngine('domain verification with an unreachable resolver', (engine) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(engine, {
      GATEHOUSE_DNS_SERVERS: await deadDnsAddress(),
      GATEHOUSE_DNS_TIMEOUT_MS: '200',
    });
    token = await getToken(server);
  });
  afterAll(() => server?.close());

  it('answers UNAVAILABLE (503) and leaves the domain PENDING', async () => {
    const org = await rest(server, 'POST', '/api/v1/organizations', {
      token,
      json: { display_name: 'No DNS' },
    });
    const orgId = org.body.organization.id as string;
    const created = await rest(server, 'POST', `/api/v1/organizations/${orgId}/domains`, {
      token,
      json: { domain: `nodns-${unique()}.com` },
    });
    const id = created.body.domain.id as string;
    const res = await rest(server, 'PATCH', `/api/v1/organizations/${orgId}/domains/${id}:verify`, { token });
    expectRestError(res, 503, 14, 'UNAVAILABLE', /TXT record/);
    const after = await rest(server, 'GET', `/api/v1/organizations/${orgId}/domains/${id}`, { token });
    expect(after.body.domain.verification_status).toBe('PENDING');
  });
});

describe('GATEHOUSE_DNS_SERVERS', () => {
  it('takes IP addresses with optional ports and refuses host names', async () => {
    const { loadConfig, ConfigError } = await import('../src/config.ts');
    expect(
      loadConfig({ GATEHOUSE_DNS_SERVERS: '192.0.2.1, 192.0.2.2:5353,[2001:db8::1]:53,::1' }).dnsServers,
    ).toEqual(['192.0.2.1', '192.0.2.2:5353', '[2001:db8::1]:53', '::1']);
    expect(loadConfig({}).dnsServers).toEqual([]);
    for (const bad of ['dns.google', '192.0.2.1:0', '192.0.2.1:70000', '[::1]', '1.2.3']) {
      expect(() => loadConfig({ GATEHOUSE_DNS_SERVERS: bad }), bad).toThrow(ConfigError);
    }
  });
});
