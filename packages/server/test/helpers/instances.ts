// Another instance of a test server on the same database, data directory and master key, behind the
// same public URL (the token issuer), as instances behind one load balancer are — or the same
// server after a restart, with empty in-process caches.
import { startTestServer, type TestServer } from '../harness.ts';

export function anotherInstance(server: TestServer, env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer(server.engine, { GATEHOUSE_PUBLIC_URL: server.running.url, ...env }, server);
}
