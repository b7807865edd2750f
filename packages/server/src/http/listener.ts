// One TCP port for HTTP/1.1 and HTTP/2 cleartext. The first bytes of each connection decide: the
// HTTP/2 connection preface goes to the h2c server (gRPC from the official SDKs), anything else to
// the HTTP/1.1 server (REST, OAuth, browsers, Connect and gRPC-web over HTTP/1.1).
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

export type RequestHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export interface Listener {
  server: net.Server;
  http1: http.Server;
  http2: http2.Http2Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export function createListener(handler: RequestHandler): Listener {
  // http.Server tracks idle connections only for servers that listen themselves; ours are handed
  // sockets, so we count in-flight HTTP/1.1 requests per socket to close idle ones on shutdown.
  const inFlight = new Map<net.Socket, number>();
  let closing = false;
  const http1 = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 30_000 }, (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (closing && left === 0) socket.destroySoon();
    });
    if (closing) res.setHeader('connection', 'close');
    handler(req, res);
  });
  const h2 = http2.createServer({}, handler);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const sessionSockets = new WeakSet<net.Socket>();
  h2.on('session', (session) => {
    sessions.add(session);
    sessionSockets.add(session.socket as net.Socket);
    session.once('close', () => sessions.delete(session));
  });

  // noDelay, as http.createServer sets on the sockets it accepts itself: small responses go out at
  // once rather than waiting on Nagle's algorithm.
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      inFlight.delete(socket);
    });
    socket.once('error', () => socket.destroy());
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      // Decide as soon as the bytes seen either diverge from the preface or complete it.
      const n = Math.min(seen.length, PREFACE.length);
      const matchesSoFar = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (matchesSoFar && seen.length < PREFACE.length) return;
      socket.off('data', onData);
      socket.pause();
      socket.unshift(seen);
      if (matchesSoFar) {
        // The HTTP/2 session reads bytes already buffered on the socket itself (on the next tick);
        // resuming here would spill them as 'data' events nobody listens to.
        h2.emit('connection', socket);
      } else {
        http1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
  });

  return {
    server,
    http1,
    http2: h2,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as net.AddressInfo).port);
        });
      });
    },
    async close() {
      // Stop accepting, let in-flight requests finish briefly, then cut what remains.
      await new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        for (const socket of sockets) {
          if (!sessionSockets.has(socket) && (inFlight.get(socket) ?? 0) === 0) socket.destroy();
        }
        // GOAWAY lets HTTP/2 clients finish their streams and stop opening new ones.
        for (const session of sessions) session.close();
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2_000).unref();
      });
    },
  };
}
