#!/usr/bin/env node
// The command line: `start` runs the platform, `migrate` only applies migrations, `sp-keys` rolls
// the SAML service-provider key over (ops/sp-keys-cli.ts). Configuration comes from the environment
// (see config.ts and docs/configuration.md).
import { ConfigError, loadConfig } from './config.ts';
import { SpKeysCliError, runSpKeysCommand } from './ops/sp-keys-cli.ts';
import { openStore } from './store/database.ts';
import { migrateToLatest } from './store/migrations.ts';

async function main(command: string): Promise<void> {
  const config = loadConfig();
  if (command === 'sp-keys') {
    return runSpKeysCommand(config, process.argv.slice(3), (text) => process.stdout.write(`${text}\n`));
  }
  // Loaded only here: an operator command need not load (or start) the whole platform.
  const { createLogger, startServer } = await import('./server.ts');
  const logger = createLogger(config);
  if (command === 'migrate') {
    const store = openStore(config.databaseUrl);
    await migrateToLatest(store.db, store.engine);
    await store.close();
    logger.info('migrations applied');
    return;
  }
  if (command !== 'start') throw new Error(`unknown command "${command}" (use start, migrate or sp-keys)`);

  const server = await startServer(config, logger);
  if (server.masterKeyGeneratedAt) {
    logger.warn(
      { file: server.masterKeyGeneratedAt },
      'generated a master key into the data directory; set GATEHOUSE_MASTER_KEY in production and keep it safe',
    );
  }
  logger.info(
    { url: config.publicUrl, port: server.port, database: server.ctx.store.engine },
    'Gatehouse is running',
  );
  if (server.firstClient)
    printFirstClient(config.publicUrl, server.firstClient.client.id, server.firstClient.plainSecret);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Printed once, on the start that created the client: the secret is not stored anywhere readable. */
function printFirstClient(url: string, clientId: string, secret: string): void {
  process.stdout.write(
    [
      '',
      'Created the environment API client. Save the secret now; it is not shown again.',
      `  GATEHOUSE_CLIENT_ID=${clientId}`,
      `  GATEHOUSE_CLIENT_SECRET=${secret}`,
      '',
      'Get a token and make a first call:',
      `  TOKEN=$(curl -s ${url}/oauth/token -d grant_type=client_credentials -d client_id=${clientId} -d client_secret=${secret} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
      `  curl -s ${url}/api/v1/organizations -H "Authorization: Bearer $TOKEN"`,
      '',
    ].join('\n'),
  );
}

main(process.argv[2] ?? 'start').catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SpKeysCliError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `gatehouse failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
