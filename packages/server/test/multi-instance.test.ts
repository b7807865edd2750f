// Several instances on one database: they share signing keys, create the first client once, and a
// single-use portal link opened on both at once is accepted exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getToken, startTestServer, testEngines, type TestServer } from './harness.ts';

for (const { engine, available } of testEngines()) {
  describe.skipIf(!available)(`two instances on one ${engine} database`, () => {
    let a: TestServer;
    let b: TestServer;

    beforeAll(async () => {
      a = await startTestServer(engine);
      // Instances behind one load balancer share the public URL, which is the token issuer.
      b = await startTestServer(
        engine,
        { GATEHOUSE_PUBLIC_URL: a.running.url },
        { databaseUrl: a.databaseUrl, dataDir: a.dataDir },
      );
    });

    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('serve the same JWKS and accept each other’s tokens', async () => {
      const [jwksA, jwksB] = await Promise.all(
        [a, b].map(async (s) => (await fetch(`${s.url}/keys`)).json()),
      );
      expect(jwksA).toEqual(jwksB);
      const token = await getToken(a);
      const res = await fetch(`${b.url}/api/v1/organizations`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    });

    it('created the first client only once', async () => {
      expect(a.running.firstClient).toBeDefined();
      expect(b.running.firstClient).toBeUndefined();
      const rows = await a.running.ctx.db.selectFrom('api_clients').select('id').execute();
      expect(rows).toHaveLength(1);
    });

    it('accept a portal link exactly once when both open it at the same moment', async () => {
      const token = await getToken(a);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${a.url}/api/v1/organizations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ display_name: 'Race Inc' }),
      });
      const { organization } = (await created.json()) as { organization: { id: string } };
      for (let round = 0; round < 5; round++) {
        const linkRes = await fetch(`${a.url}/api/v1/organizations/${organization.id}/portal_links`, {
          method: 'PUT',
          headers,
        });
        const { link } = (await linkRes.json()) as { link: { location: string } };
        const path = new URL(link.location).pathname;
        const statuses = await Promise.all(
          [a, b, a, b].map(async (s) => (await fetch(`${s.url}${path}`, { redirect: 'manual' })).status),
        );
        // The one accepted opening is sent on to the portal (303); the others are refused.
        expect(statuses.filter((s) => s === 303)).toHaveLength(1);
        expect(statuses.filter((s) => s === 404)).toHaveLength(3);
      }
    });
  });
}
