// A real HTTP receiver for webhook tests: records every request (headers and raw body) and answers
// as the test says — a status, extra headers, a delay — per request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The parsed event. */
  event: any; // any: tests index into arbitrary event payloads
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides the answer to each request; 200 by default. */
  answer: (request: Received, index: number) => Answer;
  waitFor(count: number, timeoutMs?: number, filter?: (r: Received) => boolean): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver = {
    received: [] as Received[],
    answer: (() => ({ status: 200 })) as Receiver['answer'],
  } as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: unknown;
      try {
        event = JSON.parse(body);
      } catch {
        event = undefined;
      }
      const record: Received = { path: req.url ?? '/', headers: req.headers, body, event, at: Date.now() };
      const index = receiver.received.push(record) - 1;
      const answer = receiver.answer(record, index);
      const reply = () => {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end('ok');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}`;
  receiver.waitFor = async (count, timeoutMs = 10_000, filter = () => true) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = receiver.received.filter(filter);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} webhook requests, got ${matching.length}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
