// The benchmark's webhook receiver: answers 200 at once and notes when each event arrived.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchReceiver {
  url: string;
  /** Arrival time (performance.now()) of each delivery, and of each organization's first one. */
  arrivals: number[];
  firstByOrganization: Map<string, number>;
  close(): Promise<void>;
}

export async function startBenchReceiver(): Promise<BenchReceiver> {
  const arrivals: number[] = [];
  const firstByOrganization = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      arrivals.push(now);
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        data?: { organization?: { id?: string } };
      };
      const org = event.data?.organization?.id;
      if (org && !firstByOrganization.has(org)) firstByOrganization.set(org, now);
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    firstByOrganization,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
