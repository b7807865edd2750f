// A tiny HTTP server for testing the hosted pages in a browser without the whole platform: each test
// gives the handler; sendHostedPage answers with a rendered page and the real hosted-page headers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostedPageHeaders, newNonce, type HostedHeaderOptions } from '../../src/hosted/security-headers.ts';

export interface SmallServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

export type SmallHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export async function startSmallServer(handler: SmallHandler, host = '127.0.0.1'): Promise<SmallServer> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Renders a page with a fresh nonce and serves it with the headers every hosted page gets. */
export function sendHostedPage(
  res: http.ServerResponse,
  render: (nonce: string) => string,
  options: HostedHeaderOptions & { status?: number; headers?: Record<string, string> } = {},
): void {
  const nonce = newNonce();
  const body = render(nonce);
  res.writeHead(options.status ?? 200, {
    ...hostedPageHeaders(nonce, options),
    'content-length': Buffer.byteLength(body),
    ...options.headers,
  });
  res.end(body);
}
