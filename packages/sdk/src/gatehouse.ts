// The entry point: one object per environment, holding the shared token cache and request layer,
// with one small client per area of the API (`organization` now; users, roles, domains… later,
// each built on the same HttpClient).
import { EnvironmentClients } from './clients.ts';
import { ConnectionClient } from './connection.ts';
import { DomainClient } from './domain.ts';
import { EventClient } from './event.ts';
import { HttpClient } from './http.ts';
import { M2MClients } from './m2m.ts';
import { invalidArgument } from './errors.ts';
import { OrganizationClient } from './organization.ts';
import { PasswordlessClient } from './passwordless.ts';
import { PermissionClient } from './permission.ts';
import { RoleClient } from './role.ts';
import { SessionClient } from './session.ts';
import { TokenSource } from './token-source.ts';
import type { FetchFunction } from './transport.ts';
import { normalizeBaseUrl } from './url.ts';
import { UserClient } from './user.ts';
import { WebhookClient } from './webhook.ts';
import { verifyWebhookPayload, type WebhookHeaders } from './webhook-verify.ts';

export interface GatehouseOptions {
  /** A fetch implementation (for proxies, tests, instrumentation). Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Deadline for each HTTP request, body included. Default 30 000 ms. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class Gatehouse {
  readonly organization: OrganizationClient;
  readonly user: UserClient;
  readonly domain: DomainClient;
  readonly connection: ConnectionClient;
  readonly role: RoleClient;
  readonly permission: PermissionClient;
  /** Passwordless codes and magic links, as the official SDK's `passwordless`. */
  readonly passwordless: PasswordlessClient;
  readonly session: SessionClient;
  readonly webhook: WebhookClient;
  /** `events`, as the official SDK names it. */
  readonly events: EventClient;
  /** Organization M2M clients, as the official SDK's `m2m`. */
  readonly m2m: M2MClients;
  /** Environment clients: the applications of the hosted login (the official SDK has none). */
  readonly clients: EnvironmentClients;

  /**
   * @param envUrl the server's URL, e.g. `https://auth.example.com` (a path prefix is kept)
   * @param clientId an API client id (`skc_…`)
   * @param clientSecret that client's secret
   */
  constructor(envUrl: string, clientId: string, clientSecret: string, options: GatehouseOptions = {}) {
    if (!clientId) throw invalidArgument('clientId is required');
    if (!clientSecret) throw invalidArgument('clientSecret is required');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs > 0)) throw invalidArgument('timeoutMs must be a positive number');

    const baseUrl = normalizeBaseUrl(envUrl);
    // Looked up at call time and called as a plain function: some runtimes (browsers, Workers)
    // throw "Illegal invocation" when fetch is detached from globalThis.
    const fetchFn: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const tokens = new TokenSource({
      tokenUrl: `${baseUrl}/oauth/token`,
      clientId,
      clientSecret,
      fetch: fetchFn,
      timeoutMs,
    });
    const http = new HttpClient({ baseUrl, tokens, fetch: fetchFn, timeoutMs });
    this.organization = new OrganizationClient(http);
    this.user = new UserClient(http);
    this.domain = new DomainClient(http);
    this.connection = new ConnectionClient(http);
    this.role = new RoleClient(http);
    this.permission = new PermissionClient(http);
    this.passwordless = new PasswordlessClient(http);
    this.session = new SessionClient(http);
    this.webhook = new WebhookClient(http);
    this.events = new EventClient(http);
    this.m2m = new M2MClients(http);
    this.clients = new EnvironmentClients(http);
  }

  /** As the official SDK's method, but asynchronous (WebCrypto): resolves true or false, never throws. */
  verifyWebhookPayload(secret: string, headers: WebhookHeaders, payload: string): Promise<boolean> {
    return verifyWebhookPayload(secret, headers, payload);
  }
}
