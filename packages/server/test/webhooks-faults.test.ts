// Crashes and peers: a server SIGKILLed with deliveries pending and one in flight loses none of
// them after a restart; two instances on one PostgreSQL deliver each event exactly once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, getToken, startTestServer, testEngines, type TestServer } from './harness.ts';
import { startChildServer, type ChildServer } from './helpers/child-server.ts';
import { rest } from './helpers/rest.ts';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.ts';

const CLIENT = { clientId: 'skc_faults_client', clientSecret: 'faults-secret-0123456789' };

for (const { engine, available } of testEngines()) {
  describe.skipIf(!available)(`webhooks survive a crash [${engine}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('delivers every event after a SIGKILL with deliveries pending and one in flight', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-faults-'));
      const database = await freshDatabase(engine, dataDir);
      const receiver = await startReceiver();
      cleanups.push(async () => {
        await receiver.close();
        await database.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      });
      const env = {
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_DATABASE_URL: database.url,
        GATEHOUSE_MASTER_KEY: 'cd'.repeat(32),
        GATEHOUSE_BOOTSTRAP_CLIENT_ID: CLIENT.clientId,
        GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: CLIENT.clientSecret,
        GATEHOUSE_LOG_LEVEL: 'warn',
        GATEHOUSE_WEBHOOK_TIMEOUT_MS: '2000',
        GATEHOUSE_WEBHOOK_RETRY_SCHEDULE: '200ms,500ms,1s,2s,2s,2s',
      };
      let first: ChildServer | undefined = await startChildServer(env);
      cleanups.push(async () => first?.kill());
      const token = await getToken({ url: first.url, ...CLIENT });
      const call = (server: ChildServer, method: string, p: string, json?: unknown) =>
        rest(server, method, p, { token, json });
      const endpoint = await call(first, 'POST', '/api/v1/webhooks/endpoints', {
        url: `${receiver.url}/crash`,
        event_types: ['organization.created'],
      });
      expect(endpoint.status).toBe(201);

      // The receiver holds every answer, so the first delivery is in flight when the kill comes
      // and the others are still waiting in the outbox.
      receiver.answer = () => ({ status: 200, delayMs: 1500 });
      const orgIds: string[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await call(first, 'POST', '/api/v1/organizations', { display_name: `Crash ${i}` });
        expect(res.status).toBe(200);
        orgIds.push(res.body.organization.id);
      }
      await receiver.waitFor(1, 10_000);
      expect(receiver.received.length).toBeLessThan(orgIds.length);
      await first.kill();
      first = undefined;

      receiver.answer = () => ({ status: 200 });
      const second = await startChildServer(env);
      cleanups.push(async () => second.kill());
      const delivered = () => new Set(receiver.received.map((r) => r.event?.data?.organization?.id));
      const deadline = Date.now() + 30_000;
      while (orgIds.some((id) => !delivered().has(id)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(orgIds.filter((id) => !delivered().has(id))).toEqual([]);
    }, 60_000);
  });
}

const postgres = testEngines().find((e) => e.engine === 'postgres');
describe.skipIf(!postgres?.available)('two instances on one PostgreSQL', () => {
  let a: TestServer;
  let b: TestServer;
  let receiver: Receiver;
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await receiver?.close();
  });

  it('deliver each event exactly once between them', async () => {
    receiver = await startReceiver();
    a = await startTestServer('postgres');
    b = await startTestServer('postgres', { GATEHOUSE_PUBLIC_URL: a.running.url }, a);
    const token = await getToken(a);
    const created = await rest(a, 'POST', '/api/v1/webhooks/endpoints', {
      token,
      json: { url: `${receiver.url}/pair`, event_types: ['organization.created'] },
    });
    expect(created.status).toBe(201);
    const count = 200;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        rest(i % 2 ? a : b, 'POST', '/api/v1/organizations', { token, json: { display_name: `Pair ${i}` } }),
      ),
    );
    await receiver.waitFor(count, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    const ids = receiver.received.map((r) => r.event.id as string);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  }, 60_000);
});
