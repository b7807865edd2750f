// OrganizationService over REST, as curl would call it: proto field names out, proto or camelCase
// names in, the contract's error body, pagination under concurrent writes, search escaping, and the
// event row each change writes in its own transaction.
import { describe, expect, it } from 'vitest';
import { countRows, eventsOf, refuseEvents, writeCounts } from './helpers/db.ts';
import { camelKeys, expectRestError, rest, type RestOptions } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('OrganizationService over REST', (engine) => {
  const ctx = useServer(engine);
  const call = (method: string, path: string, options: RestOptions = {}) =>
    rest(ctx.server, method, path, { token: ctx.token, ...options });
  const create = async (json: Record<string, unknown>) => {
    const res = await call('POST', '/api/v1/organizations', { json });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.organization as Record<string, any>; // any: JSON from the wire
  };

  describe('resources', () => {
    it('answers with proto field names and accepts camelCase on input', async () => {
      const externalId = `rest/${unique()} é?#`;
      const org = await create({ displayName: 'Camel In', externalId, metadata: { someKey: 'v' } });
      expect(org).toMatchObject({
        id: expect.stringMatching(/^org_/),
        display_name: 'Camel In',
        external_id: externalId,
        metadata: { someKey: 'v' },
        region_code: expect.any(String),
        create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        update_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        settings: {
          features: [
            { name: 'sso', enabled: false },
            { name: 'dir_sync', enabled: false },
          ],
        },
      });
      expect(camelKeys(org)).toEqual([]);

      const byId = await call('GET', `/api/v1/organizations/${org.id}`);
      expect(byId.status).toBe(200);
      expect(byId.body).toEqual({ organization: org });
      const byExternal = await call(
        'GET',
        `/api/v1/organizations:external/${encodeURIComponent(externalId)}`,
      );
      expect(byExternal.body).toEqual({ organization: org });
    });

    it('patches with proto names and camelCase names alike', async () => {
      const org = await create({ display_name: 'Patch me', external_id: `p-${unique()}` });
      const first = await call('PATCH', `/api/v1/organizations/${org.id}`, {
        json: { display_name: 'Snake' },
      });
      expect(first.status).toBe(200);
      expect(first.body.organization).toMatchObject({ display_name: 'Snake', external_id: org.external_id });
      const second = await call('PATCH', `/api/v1/organizations/${org.id}`, {
        json: { displayName: 'Camel', metadata: { a: '1' } },
      });
      expect(second.body.organization).toMatchObject({ display_name: 'Camel', metadata: { a: '1' } });
      expect((await call('GET', `/api/v1/organizations/${org.id}`)).body.organization.display_name).toBe(
        'Camel',
      );
    });

    it('honours update_mask in the query, with proto or camelCase paths, and clears metadata with it', async () => {
      const externalId = `m-${unique()}`;
      const org = await create({ display_name: 'Masked', external_id: externalId, metadata: { a: '1' } });
      const path = `/api/v1/organizations/${org.id}`;
      const json = { display_name: 'Masked 2', external_id: 'not-in-the-mask', metadata: {} };
      const snake = await call('PATCH', `${path}?update_mask=display_name`, { json });
      expect(snake.status, JSON.stringify(snake.body)).toBe(200);
      expect(snake.body.organization).toMatchObject({
        display_name: 'Masked 2',
        external_id: externalId,
        metadata: { a: '1' },
      });
      const camel = await call('PATCH', `${path}?update_mask=displayName,metadata`, {
        json: { ...json, display_name: 'Masked 3' },
      });
      expect(camel.status, JSON.stringify(camel.body)).toBe(200);
      expect(camel.body.organization).toMatchObject({
        display_name: 'Masked 3',
        external_id: externalId,
        metadata: {},
      });
      expectRestError(
        await call('PATCH', `${path}?update_mask=region_code`, { json }),
        400,
        3,
        'INVALID_ARGUMENT',
        /region_code/,
      );
    });

    it('deletes, and the organization is then 404 with the contract error body', async () => {
      const org = await create({ display_name: 'Delete me' });
      const deleted = await call('DELETE', `/api/v1/organizations/${org.id}`);
      expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 200, body: {} });
      expectRestError(await call('GET', `/api/v1/organizations/${org.id}`), 404, 5, 'NOT_FOUND', /org_/);
      expectRestError(await call('DELETE', `/api/v1/organizations/${org.id}`), 404, 5, 'NOT_FOUND');
    });

    it('answers an unknown route with 404 and the contract error body, with or without a token', async () => {
      expectRestError(await call('GET', '/api/v1/nothing-here'), 404, 5, 'ROUTE_NOT_FOUND', /nothing-here/);
      expectRestError(await rest(ctx.server, 'GET', '/api/v1/nothing-here'), 404, 5, 'ROUTE_NOT_FOUND');
      expectRestError(await call('GET', '/no/such/page'), 404, 5, 'ROUTE_NOT_FOUND');
      expectRestError(await call('PUT', '/api/v1/organizations'), 404, 5, 'ROUTE_NOT_FOUND');
    });

    it('answers a contract method that is not implemented with 501 and code 12', async () => {
      const res = await call('GET', '/api/v1/users/support-hash');
      expectRestError(res, 501, 12, 'UNIMPLEMENTED', /GetSupportHash/);
    });
  });

  describe('pagination and search', () => {
    it('pages through a table that changes underneath: survivors appear exactly once', async () => {
      const doomed: string[] = [];
      for (let i = 0; i < 45; i++) {
        const org = await create({ display_name: `Walk ${i}` });
        if (i % 3 === 1) doomed.push(org.id);
      }
      const snapshot = (
        await ctx.server.running.ctx.db.selectFrom('organizations').select('id').execute()
      ).map((r) => r.id);
      const survivors = snapshot.filter((id) => !doomed.includes(id));

      const added: string[] = [];
      const writeStep = async () => {
        added.push((await create({ display_name: 'Added while walking' })).id);
        const victim = doomed.shift();
        if (victim) expect((await call('DELETE', `/api/v1/organizations/${victim}`)).status).toBe(200);
        if (added.length > 2) await call('DELETE', `/api/v1/organizations/${added.shift()}`);
      };
      let walking = true;
      const background = (async () => {
        while (walking) await writeStep();
      })();

      const seen: string[] = [];
      let token = '';
      let pages = 0;
      try {
        do {
          const res = await call('GET', `/api/v1/organizations?page_size=7&page_token=${token}`);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          expect(res.body.organizations.length).toBeLessThanOrEqual(7);
          seen.push(...res.body.organizations.map((o: { id: string }) => o.id));
          token = res.body.next_page_token;
          await writeStep(); // guarantee writes between every two pages, not only by luck
        } while (token && ++pages < 200);
      } finally {
        walking = false;
        await background;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(survivors.filter((id) => !seen.includes(id))).toEqual([]);
      expect(seen.length).toBeGreaterThanOrEqual(survivors.length);
    });

    it('refuses a page_token it did not issue, and a page_size out of range', async () => {
      for (const token of ['garbage', 'bjpub3Q', '%00%FF', 'n:org_1'])
        expectRestError(
          await call('GET', `/api/v1/organizations?page_token=${token}`),
          400,
          3,
          'INVALID_ARGUMENT',
          /page_token/,
        );
      for (const size of ['1000', '-1', '101'])
        expectRestError(
          await call('GET', `/api/v1/organizations?page_size=${size}`),
          400,
          3,
          'INVALID_ARGUMENT',
          /page_size/,
        );
    });

    it('filters the list by external_id', async () => {
      const externalId = `filter-${unique()}`;
      const org = await create({ display_name: 'Filtered', external_id: externalId });
      const res = await call('GET', `/api/v1/organizations?external_id=${externalId}`);
      expect(res.body.organizations.map((o: { id: string }) => o.id)).toEqual([org.id]);
      expect(res.body.total_size).toBe(1);
    });

    it('searches % and _ and \\ as the characters they are, not as wildcards', async () => {
      const m = unique();
      const names = ['50% off', '50x off', 'a_b', 'axb', 'back\\slash', 'backslash'].map((n) => `${n} ${m}`);
      const ids = new Map<string, string>();
      for (const name of names) ids.set(name, (await create({ display_name: name })).id);
      const search = async (query: string) => {
        const res = await call('GET', `/api/v1/organizations:search?query=${encodeURIComponent(query)}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.organizations.map((o: { display_name: string }) => o.display_name).sort();
      };
      expect(await search(`50% off ${m}`)).toEqual([`50% off ${m}`]);
      expect(await search(`a_b ${m}`)).toEqual([`a_b ${m}`]);
      expect(await search(`k\\s`)).toEqual([`back\\slash ${m}`]);
      expect(await search(`OFF ${m}`)).toEqual([`50% off ${m}`, `50x off ${m}`]);
      expect(await search(ids.get(`axb ${m}`)!)).toEqual([`axb ${m}`]);
      expectRestError(
        await call('GET', '/api/v1/organizations:search?query='),
        400,
        3,
        'INVALID_ARGUMENT',
        /query/,
      );
    });
  });

  describe('events', () => {
    it('writes one event per create, update and delete', async () => {
      const before = await countRows(ctx.server, 'events');
      const org = await create({ display_name: 'Evented', external_id: `ev-${unique()}` });
      await call('PATCH', `/api/v1/organizations/${org.id}`, { json: { display_name: 'Evented 2' } });
      await call('DELETE', `/api/v1/organizations/${org.id}`);
      const events = await eventsOf(ctx.server, org.id);
      expect(events.map((e) => e.type)).toEqual([
        'organization.created',
        'organization.updated',
        'organization.deleted',
      ]);
      expect(await countRows(ctx.server, 'events')).toBe(before + 3);
      for (const event of events) {
        expect(event.id).toMatch(/^evt_/);
        expect(event.environment_id).toBe(ctx.server.running.ctx.environmentId);
        expect(JSON.parse(event.data).organization.id).toBe(org.id);
      }
      expect(JSON.parse(events[1]!.data).organization.display_name).toBe('Evented 2');
    });

    it('writes no event when a change is refused', async () => {
      const externalId = `taken-${unique()}`;
      const org = await create({ display_name: 'Taken', external_id: externalId });
      const other = await create({ display_name: 'Other' });
      const before = await writeCounts(ctx.server);
      const dup = await call('POST', '/api/v1/organizations', {
        json: { display_name: 'Dup', external_id: externalId },
      });
      expectRestError(dup, 409, 6, 'ALREADY_EXISTS', new RegExp(externalId));
      const patch = await call('PATCH', `/api/v1/organizations/${other.id}`, {
        json: { external_id: externalId },
      });
      expectRestError(patch, 409, 6, 'ALREADY_EXISTS');
      expect(await writeCounts(ctx.server)).toEqual(before);
      expect((await eventsOf(ctx.server, other.id)).map((e) => e.type)).toEqual(['organization.created']);
      expect((await eventsOf(ctx.server, org.id)).map((e) => e.type)).toEqual(['organization.created']);
    });

    it('lets exactly one of several concurrent creates with one external_id win, with one event', async () => {
      const externalId = `race-${unique()}`;
      const before = await writeCounts(ctx.server);
      const results = await Promise.all(
        [...Array(8).keys()].map((i) =>
          call('POST', '/api/v1/organizations', {
            json: { display_name: `Racer ${i}`, external_id: externalId },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(7).fill(409)]);
      for (const r of results.filter((r) => r.status === 409)) expectRestError(r, 409, 6, 'ALREADY_EXISTS');
      expect(await writeCounts(ctx.server)).toEqual({
        organizations: before.organizations + 1,
        events: before.events + 1,
      });
    });

    it('rolls the change back when its event cannot be written (one transaction)', async () => {
      const org = await create({ display_name: 'Unchanged' });
      const before = await writeCounts(ctx.server);
      await refuseEvents(ctx.server, engine, true);
      try {
        expectRestError(
          await call('POST', '/api/v1/organizations', { json: { display_name: 'Ghost' } }),
          500,
          13,
          'INTERNAL',
        );
        expectRestError(
          await call('PATCH', `/api/v1/organizations/${org.id}`, { json: { display_name: 'Changed' } }),
          500,
          13,
          'INTERNAL',
        );
        expectRestError(await call('DELETE', `/api/v1/organizations/${org.id}`), 500, 13, 'INTERNAL');
      } finally {
        await refuseEvents(ctx.server, engine, false);
      }
      expect(await writeCounts(ctx.server)).toEqual(before);
      expect((await call('GET', `/api/v1/organizations/${org.id}`)).body.organization.display_name).toBe(
        'Unchanged',
      );
    });
  });
});
