// The official @scalekit-sdk/node (gRPC over HTTP/2 cleartext) as an independent client of every
// OrganizationService method. Methods the SDK does not expose (portal link listing and deletion, the
// application session policy) go through a plain gRPC client built from the same descriptors.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { Code, type Client } from '@connectrpc/connect';
import { type Scalekit } from '@scalekit-sdk/node';
import { TimeUnit } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import {
  SessionPolicyType,
  type OrganizationService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { organizationIds } from './helpers/db.ts';
import { expectConnectError, organizationClient } from './helpers/grpc.ts';
import { officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('official @scalekit-sdk/node against Gatehouse', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let grpc: Client<typeof OrganizationService>;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
    grpc = organizationClient(ctx.server.url, `Bearer ${ctx.token}`);
  });
  const allOrgIds = () => organizationIds(ctx.server);
  // An accepted link answers 303 to the portal (with the session cookie); a refused one 404.
  const openLink = async (location: string) => (await fetch(location, { redirect: 'manual' })).status;
  const newOrg = async (name: string, options?: { externalId?: string }) =>
    (await sdk.organization.createOrganization(name, options)).organization!;
  const { notFound, conflict, invalid } = sdkRefusals;
  const grpcNotFound = (call: Promise<unknown>) => expectConnectError(call, Code.NotFound, 'NOT_FOUND');
  const linkIds = async (id: string) => (await grpc.getPortalLinks({ id })).links.map((l) => l.id).sort();

  describe('organizations', () => {
    it('creates with an external id; get and getByExternalId return the same organization', async () => {
      const externalId = `ext-${unique()}`;
      const before = Date.now();
      const org = await newOrg('Acme Corp', { externalId });
      expect(org.id).toMatch(/^org_[0-9a-z]{26}$/);
      expect(org).toMatchObject({ displayName: 'Acme Corp', externalId, metadata: {} });
      expect(timestampMs(org.createTime!)).toBeGreaterThanOrEqual(before - 1000);
      expect((await sdk.organization.getOrganization(org.id)).organization).toEqual(org);
      expect((await sdk.organization.getOrganizationByExternalId(externalId)).organization).toEqual(org);
    });

    it('reads metadata written over REST, and REST reads metadata written by the SDK', async () => {
      const created = await rest(ctx.server, 'POST', '/api/v1/organizations', {
        token: ctx.token,
        json: { display_name: 'Meta', metadata: { plan: 'gold', 'region.eu': 'yes' } },
      });
      expect(created.status).toBe(200);
      const id = created.body.organization.id as string;
      const viaSdk = await sdk.organization.getOrganization(id);
      expect(viaSdk.organization?.metadata).toEqual({ plan: 'gold', 'region.eu': 'yes' });

      await sdk.organization.updateOrganization(id, { metadata: { tier: 'enterprise' } });
      const viaRest = await rest(ctx.server, 'GET', `/api/v1/organizations/${id}`, { token: ctx.token });
      expect(viaRest.body.organization.metadata).toEqual({ tier: 'enterprise' });
      expect(viaRest.body.organization.display_name).toBe('Meta');
    });

    it('refuses a duplicate external id with ALREADY_EXISTS / 409, on create and on update', async () => {
      const externalId = `dup-${unique()}`;
      await sdk.organization.createOrganization('First', { externalId });
      const before = await allOrgIds();
      const error = await conflict(sdk.organization.createOrganization('Second', { externalId }));
      expect(error.message).toContain(externalId);
      expect(await allOrgIds()).toEqual(before);

      const other = await newOrg('Other');
      await conflict(sdk.organization.updateOrganization(other.id, { externalId }));
      expect((await sdk.organization.getOrganization(other.id)).organization?.externalId).toBeUndefined();
    });

    it('lists every organization exactly once over several pages, forward and back', async () => {
      for (let i = 0; i < 23; i++) await sdk.organization.createOrganization(`Paged ${i}`);
      const expected = await allOrgIds();
      const pages: string[][] = [];
      let pageToken: string | undefined;
      let page;
      do {
        page = await sdk.organization.listOrganization({ pageSize: 5, pageToken });
        expect(page.totalSize).toBe(expected.length);
        expect(page.organizations.length).toBeGreaterThan(0);
        expect(page.organizations.length).toBeLessThanOrEqual(5);
        expect(page.prevPageToken === '').toBe(pages.length === 0);
        pages.push(page.organizations.map((o) => o.id));
        pageToken = page.nextPageToken || undefined;
      } while (pageToken && pages.length < 100);
      expect(pages.flat()).toEqual(expected); // in id order, no overlap, no gap
      expect(pages.length).toBe(Math.ceil(expected.length / 5));

      // Walking back with prevPageToken from the last page gives the same pages in reverse.
      const back = [page.organizations.map((o) => o.id)];
      while (page.prevPageToken) {
        page = await sdk.organization.listOrganization({ pageSize: 5, pageToken: page.prevPageToken });
        back.unshift(page.organizations.map((o) => o.id));
      }
      expect(back).toEqual(pages);
    });

    it('searches by name and external id, paginated', async () => {
      const marker = `zq${unique()}`;
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) ids.add((await newOrg(`Search ${marker.toUpperCase()} ${i}`)).id);
      ids.add((await newOrg('By ext', { externalId: `x-${marker}` })).id);
      await sdk.organization.createOrganization('Unrelated');

      const first = await sdk.organization.searchOrganization(marker, 3);
      expect(first.totalSize).toBe(4);
      expect(first.organizations).toHaveLength(3);
      const second = await sdk.organization.searchOrganization(marker, 3, first.nextPageToken);
      expect(second.organizations).toHaveLength(1);
      expect(second.nextPageToken).toBe('');
      expect(new Set([...first.organizations, ...second.organizations].map((o) => o.id))).toEqual(ids);
      expect((await sdk.organization.searchOrganization(`nomatch${marker}`)).totalSize).toBe(0);
    });

    it('updates only the fields it sends, by id and by external id', async () => {
      const externalId = `upd-${unique()}`;
      const org = await newOrg('Before', { externalId });
      const { organization: updated } = await sdk.organization.updateOrganization(org.id, {
        displayName: 'After',
      });
      expect(updated).toMatchObject({ id: org.id, displayName: 'After', externalId });
      expect(timestampMs(updated!.updateTime!)).toBeGreaterThanOrEqual(timestampMs(org.updateTime!));
      expect(timestampMs(updated!.createTime!)).toBe(timestampMs(org.createTime!));

      await sdk.organization.updateOrganizationByExternalId(externalId, { displayName: 'By ext' });
      expect((await sdk.organization.getOrganization(org.id)).organization?.displayName).toBe('By ext');
      await invalid(sdk.organization.updateOrganization(org.id, { displayName: '  ' }));
    });

    it('deletes: the organization is gone and a second delete is NOT_FOUND', async () => {
      const org = await newOrg('Doomed', { externalId: `del-${unique()}` });
      await sdk.organization.deleteOrganization(org.id);
      await notFound(sdk.organization.getOrganization(org.id));
      await notFound(sdk.organization.getOrganizationByExternalId(org.externalId!));
      await notFound(sdk.organization.deleteOrganization(org.id));
    });
  });

  describe('admin portal links', () => {
    it('generates a single-use link under the server URL, valid for one minute', async () => {
      const org = await newOrg('Portal');
      const before = Date.now();
      const link = await sdk.organization.generatePortalLink(org.id);
      expect(link.id).not.toBe('');
      expect(link.location).toMatch(
        new RegExp(`^${ctx.server.running.url}/portal/links/[A-Za-z0-9_-]{40,}$`),
      );
      const ttl = timestampMs(link.expireTime!) - before;
      expect(ttl).toBeGreaterThan(58_000);
      expect(ttl).toBeLessThanOrEqual(61_000);

      expect((await grpc.getPortalLinks({ id: org.id })).links).toMatchObject([{ location: link.location }]);
      expect(await openLink(link.location)).toBe(303);
      expect(await openLink(link.location)).toBe(404);
      expect(await linkIds(org.id)).toEqual([]);
    });

    it('lets exactly one of several simultaneous openings of a link in', async () => {
      const org = await newOrg('Crowded');
      const link = await sdk.organization.generatePortalLink(org.id);
      const statuses = await Promise.all([...Array(10)].map(() => openLink(link.location)));
      expect(statuses.sort()).toEqual([303, ...Array(9).fill(404)]);
    });

    it('refuses the links of an organization once it is deleted', async () => {
      const org = await newOrg('Gone');
      const link = await sdk.organization.generatePortalLink(org.id);
      await sdk.organization.deleteOrganization(org.id);
      expect(await openLink(link.location)).toBe(404);
    });

    it('refuses a link once its minute has passed', async () => {
      const org = await newOrg('Expiring');
      const link = await sdk.organization.generatePortalLink(org.id);
      // The server runs in this process: moving the clock past the expiry is what an hour of waiting does.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(timestampMs(link.expireTime!) + 1_000);
        expect(await linkIds(org.id)).toEqual([]);
        expect(await openLink(link.location)).toBe(404);
      } finally {
        vi.useRealTimers();
      }
    });

    describe('with GATEHOUSE_PORTAL_LINK_TTL_SECONDS=5', () => {
      const short = useServer(engine, { GATEHOUSE_PORTAL_LINK_TTL_SECONDS: '5' });
      it('hands out links that expire after the configured lifetime', async () => {
        const shortSdk = officialClient(short.server);
        const { organization: org } = await shortSdk.organization.createOrganization('Short');
        const before = Date.now();
        const link = await shortSdk.organization.generatePortalLink(org!.id);
        const ttl = timestampMs(link.expireTime!) - before;
        expect(ttl).toBeGreaterThan(3_000);
        expect(ttl).toBeLessThanOrEqual(6_000);
      });
    });

    it('deletes one link by id, then all links of the organization', async () => {
      const org = await newOrg('Links');
      const first = await sdk.organization.generatePortalLink(org.id);
      const second = await sdk.organization.generatePortalLink(org.id);
      const third = await sdk.organization.generatePortalLink(org.id);
      expect(await linkIds(org.id)).toEqual([first.id, second.id, third.id].sort());

      await grpc.deletePortalLinkByID({ id: org.id, linkId: second.id });
      expect(await linkIds(org.id)).toEqual([first.id, third.id].sort());
      expect(await openLink(second.location)).toBe(404);
      await grpcNotFound(grpc.deletePortalLinkByID({ id: org.id, linkId: second.id }));

      // Another organization's link id is not reachable through this organization.
      const other = await newOrg('Other links');
      await grpcNotFound(grpc.deletePortalLinkByID({ id: other.id, linkId: first.id }));

      await grpc.deletePortalLink({ id: org.id });
      expect(await linkIds(org.id)).toEqual([]);
      expect(await openLink(first.location)).toBe(404);
      expect(await openLink(third.location)).toBe(404);
    });

    it('answers NOT_FOUND for the links of an unknown organization', async () => {
      await notFound(sdk.organization.generatePortalLink('org_unknown'));
      await grpcNotFound(grpc.getPortalLinks({ id: 'org_unknown' }));
    });
  });

  describe('settings', () => {
    it('switches the sso and dir_sync features', async () => {
      const org = await newOrg('Features');
      const features = (o: typeof org | undefined) =>
        Object.fromEntries((o?.settings?.features ?? []).map((f) => [f.name, f.enabled]));
      expect(features(org)).toEqual({ sso: false, dir_sync: false });

      const res = await sdk.organization.updateOrganizationSettings(org.id, {
        features: [{ name: 'sso', enabled: true }],
      });
      expect(features(res.organization)).toEqual({ sso: true, dir_sync: false });
      await sdk.organization.updateOrganizationSettings(org.id, {
        features: [{ name: 'dir_sync', enabled: true }],
      });
      expect(features((await sdk.organization.getOrganization(org.id)).organization)).toEqual({
        sso: true,
        dir_sync: true,
      });
      await invalid(
        sdk.organization.updateOrganizationSettings(org.id, {
          features: [{ name: 'telepathy', enabled: true }],
        }),
      );
    });

    it('sets a custom session policy and reverts it to the application policy', async () => {
      const org = await newOrg('Sessions');
      expect((await sdk.organization.getOrganizationSessionPolicy(org.id)).policySource).toBe(
        SessionPolicyType.APPLICATION,
      );
      const policy = { absoluteSessionTimeout: 12, idleSessionTimeoutEnabled: true, idleSessionTimeout: 30 };
      const custom = await sdk.organization.updateOrganizationSessionPolicy(org.id, {
        ...policy,
        policySource: 'CUSTOM',
        absoluteSessionTimeoutUnit: 'HOURS',
        idleSessionTimeoutUnit: 'MINUTES',
      });
      const expected = {
        ...policy,
        policySource: SessionPolicyType.CUSTOM,
        absoluteSessionTimeoutUnit: TimeUnit.HOURS,
        idleSessionTimeoutUnit: TimeUnit.MINUTES,
      };
      expect(custom).toMatchObject(expected);
      expect(await sdk.organization.getOrganizationSessionPolicy(org.id)).toMatchObject(expected);

      const reverted = await sdk.organization.updateOrganizationSessionPolicy(org.id, {
        policySource: 'APPLICATION',
      });
      expect(reverted.policySource).toBe(SessionPolicyType.APPLICATION);
      const app = await grpc.getApplicationSessionPolicy({ organizationId: org.id });
      expect(app.applicationPolicy?.absoluteSessionTimeout).toBeGreaterThan(0);
      await invalid(
        sdk.organization.updateOrganizationSessionPolicy(org.id, {
          policySource: 'CUSTOM',
          absoluteSessionTimeout: -5,
          absoluteSessionTimeoutUnit: 'DAYS',
        }),
      );
    });

    it('stores the user-management limit', async () => {
      const org = await newOrg('Seats');
      const stored = await sdk.organization.upsertUserManagementSettings(org.id, { maxAllowedUsers: 25 });
      expect(stored?.maxAllowedUsers).toBe(25);
      const read = await sdk.organization.getOrganizationUserManagementSetting(org.id);
      expect(read.settings?.maxAllowedUsers).toBe(25);
      await notFound(sdk.organization.getOrganizationUserManagementSetting('org_unknown'));
    });
  });
});
