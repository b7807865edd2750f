// Builds a running platform from a configuration: database and migrations, keys, services, the
// protocol handlers and the one listener. main.ts and the tests both start servers through here.
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import pino, { type Logger } from 'pino';
import type { AppContext } from './app-context.ts';
import { AccessTokens } from './auth/access-tokens.ts';
import { ApiClients, type CreatedClient } from './auth/api-clients.ts';
import { createCallAccess } from './auth/call-access.ts';
import { createTokenEndpoint } from './auth/token-endpoint.ts';
import type { Config } from './config.ts';
import { createGrpcFastPath, isPlainGrpc } from './contract/grpc-fast-path.ts';
import { createGrpcHandler } from './contract/grpc-handler.ts';
import { createRestHandler } from './contract/rest-handler.ts';
import { RestRouter } from './contract/rest-routes.ts';
import { buildMethodTable } from './contract/service-registry.ts';
import { createDispatcher } from './http/dispatcher.ts';
import { createHostedRoutes } from './hosted/hosted-routes.ts';
import { createOidcRoutes } from './oidc/oidc-routes.ts';
import { createListener, type Listener } from './http/listener.ts';
import type { AnyRequest, AnyResponse } from './http/respond.ts';
import { RateLimiter } from './http/rate-limiter.ts';
import { createMailer } from './mail/create-mailer.ts';
import { SigningKeys } from './keys/signing-keys.ts';
import { ensureEnvironmentId, ensureFirstClient } from './ops/bootstrap.ts';
import { seedDefaultRoles } from './ops/seed-roles.ts';
import { serviceBindings } from './services.ts';
import { openStore } from './store/database.ts';
import { resolveMasterKey } from './store/master-key.ts';
import { migrateToLatest } from './store/migrations.ts';
import { SecretBox } from './store/secret-box.ts';
import { OidcRelyingParty } from './sso/oidc/oidc-rp.ts';
import { credentialServices } from './credentials/credential-services.ts';
import { UserSessions } from './sessions/session-store.ts';
import { startWebhookWorkers } from './webhooks/webhook-workers.ts';
import { startPruning } from './ops/prune-expired.ts';
import { startIdpMetadataRefresh } from './connections/idp-metadata-refresh.ts';

export interface RunningServer {
  ctx: AppContext;
  url: string;
  port: number;
  /** The first environment client, with its secret, when this start created it. */
  firstClient: CreatedClient | undefined;
  masterKeyGeneratedAt: string | undefined;
  close(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    base: undefined,
    // Defence in depth: these never belong in a log line even if an object carrying them is logged.
    redact: {
      paths: ['*.authorization', '*.client_secret', '*.access_token', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}

/** Plain unary gRPC over HTTP/2 takes the direct path; Connect, gRPC-web and the rest go to connect-node. */
function routeGrpc(
  fast: ReturnType<typeof createGrpcFastPath>,
  general: ReturnType<typeof createGrpcHandler>,
) {
  return (req: AnyRequest, res: AnyResponse): void | Promise<void> =>
    isPlainGrpc(req) ? fast(req as Http2ServerRequest, res as Http2ServerResponse) : general(req, res);
}

export async function startServer(
  config: Config,
  logger: Logger = createLogger(config),
): Promise<RunningServer> {
  const store = openStore(config.databaseUrl);
  let listener: Listener | undefined;
  try {
    await migrateToLatest(store.db, store.engine);
    const masterKey = resolveMasterKey(config.masterKey, config.dataDir);
    const box = new SecretBox(masterKey.key);
    const environmentId = await ensureEnvironmentId(store.db);
    const keys = new SigningKeys(store.db, box);
    await keys.init();
    const clients = new ApiClients(store.db);
    const mail = createMailer(config, store.db, logger);
    const ctx: AppContext = {
      config,
      logger,
      store,
      db: store.db,
      box,
      environmentId,
      keys,
      tokens: new AccessTokens(keys, config.publicUrl, config.tokenTtlSeconds),
      clients,
      mail,
      ...credentialServices(
        { db: store.db, engine: store.engine, environmentId, config, logger, mail },
        masterKey.key,
      ),
      sessions: new UserSessions(store.db, { environmentId, engine: store.engine, logger }),
      oidcRp: new OidcRelyingParty({
        box,
        publicUrl: config.publicUrl,
        allowPrivate: config.webhookAllowPrivate,
      }),
      limits: {
        token: new RateLimiter(config.rateLimitTokenPerMinute),
        api: new RateLimiter(config.rateLimitApiPerMinute),
      },
    };
    if (config.seedDefaultRoles) await seedDefaultRoles(ctx);
    const firstClient = await ensureFirstClient(store.db, clients, {
      id: config.bootstrapClientId,
      secret: config.bootstrapClientSecret,
    });
    const entries = buildMethodTable(serviceBindings(ctx));
    const oidc = createOidcRoutes(ctx);
    const access = createCallAccess(ctx, oidc);
    const dispatch = createDispatcher(ctx, {
      rest: createRestHandler(ctx, new RestRouter(entries), access),
      grpc: routeGrpc(createGrpcFastPath(ctx, entries, access), createGrpcHandler(ctx, entries, access)),
      token: createTokenEndpoint(ctx, oidc.otherGrants),
      oidc,
      hosted: createHostedRoutes(ctx, oidc),
    });
    listener = createListener(dispatch);
    const port = await listener.listen(config.port, config.host);
    const running = listener;
    const workers = config.webhookWorkers ? startWebhookWorkers(ctx) : undefined;
    const sweeper = config.pruneIntervalSeconds
      ? startPruning(ctx, config.pruneIntervalSeconds * 1000)
      : undefined;
    const metadataRefresh = config.idpMetadataRefreshHours
      ? startIdpMetadataRefresh(ctx, config.idpMetadataRefreshHours * 3_600_000)
      : undefined;
    return {
      ctx,
      port,
      url: config.publicUrl,
      firstClient,
      masterKeyGeneratedAt: masterKey.generatedAt,
      async close() {
        await running.close();
        await workers?.stop();
        await sweeper?.stop();
        await metadataRefresh?.stop();
        await store.close();
      },
    };
  } catch (error) {
    await listener?.close();
    await store.close();
    throw error;
  }
}
