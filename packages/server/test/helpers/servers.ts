// One real server per describe block, on every engine the machine offers. An engine that is not
// reachable shows up as a skipped block, never as a passed one.
import { afterAll, beforeAll, describe } from 'vitest';
import { getToken, startTestServer, testEngines, type Engine, type TestServer } from '../harness.ts';

export type { Engine, TestServer };

/** Declares `body` once per engine, as a describe block that is skipped when the engine is unreachable. */
export function describeEachEngine(title: string, body: (engine: Engine) => void): void {
  for (const { engine, available } of testEngines()) {
    describe.skipIf(!available)(`${title} [${engine}]`, () => body(engine));
  }
}

export interface ServerHandle {
  server: TestServer;
  /** A bearer token for the server's bootstrap client, fetched once. */
  token: string;
}

/** Starts a server (and fetches a token) before the enclosing block's tests, closes it after them. */
export function useServer(engine: Engine, env: Record<string, string> = {}): ServerHandle {
  const handle = {} as ServerHandle;
  beforeAll(async () => {
    handle.server = await startTestServer(engine, env);
    handle.token = await getToken(handle.server);
  });
  afterAll(async () => {
    await handle.server?.close();
  });
  return handle;
}

export const unique = (): string => crypto.randomUUID().slice(0, 8);
