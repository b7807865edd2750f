// `main.ts sp-keys …`: the SAML service-provider key rollover as an operator runs it from a shell,
// against the same database and master key as the servers (they need not be stopped). `next` creates
// the key to hand to IdPs ahead of time, `promote` makes it the one new connections get, `move`
// re-pins connections whose IdP has learned the new certificate. Plain text out; a refusal is a
// SpKeysCliError (exit 1) and changes nothing. The key rules themselves are in sso/saml-sp-keys.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { writeConnectionUpdate } from '../connections/connection-update.ts';
import { readSamlConfig, usesSpKey } from '../connections/saml-config.ts';
import {
  listSpKeys,
  nextSpKey,
  promoteNextSpKey,
  readSpKey,
  type SpKeyContext,
} from '../sso/saml-sp-keys.ts';
import { openStore } from '../store/database.ts';
import { resolveMasterKey } from '../store/master-key.ts';
import { migrateToLatest } from '../store/migrations.ts';
import { SecretBox } from '../store/secret-box.ts';
import { isoNow } from '../util/time.ts';
import { ensureEnvironmentId } from './bootstrap.ts';

export class SpKeysCliError extends Error {}

export const SP_KEYS_USAGE = [
  'usage: sp-keys list',
  '       sp-keys next',
  '       sp-keys promote',
  '       sp-keys move <connection_id|--all> [key_id]',
].join('\n');

type Print = (text: string) => void;
interface CliContext extends SpKeyContext {
  environmentId: string;
}

export async function runSpKeysCommand(config: Config, args: string[], print: Print): Promise<void> {
  const [command, ...rest] = args;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) throw new SpKeysCliError(`unknown sp-keys command "${command ?? ''}"\n${SP_KEYS_USAGE}`);
  // The master key must be the servers' own: never generate one here (the keys would not open).
  if (!config.masterKey && !fs.existsSync(path.join(config.dataDir, 'master.key'))) {
    throw new SpKeysCliError(
      `no master key: set GATEHOUSE_MASTER_KEY (or GATEHOUSE_DATA_DIR) as the servers have it`,
    );
  }
  const box = new SecretBox(resolveMasterKey(config.masterKey, config.dataDir).key);
  const store = openStore(config.databaseUrl);
  try {
    await migrateToLatest(store.db, store.engine);
    const ctx = { config, db: store.db, box, environmentId: await ensureEnvironmentId(store.db) };
    await run(ctx, rest, print);
  } finally {
    await store.close();
  }
}

const COMMANDS: Record<string, (ctx: CliContext, args: string[], print: Print) => Promise<void>> = {
  async list(ctx, args, print) {
    noMoreArguments(args, 0);
    const keys = await listSpKeys(ctx);
    if (keys.length === 0) return print('no SP keys yet (the first is made when a connection needs one)');
    const pinned = countPins(await samlConnections(ctx));
    for (const key of keys) {
      const count = pinned.get(key.id) ?? 0;
      print(
        `${key.id}  ${key.status.padEnd(7)}  created ${key.created_at}  expires ${key.not_after}  ` +
          `${count} connection${count === 1 ? '' : 's'}`,
      );
    }
  },

  async next(ctx, args, print) {
    noMoreArguments(args, 0);
    const waiting = (await listSpKeys(ctx)).some((key) => key.status === 'next');
    const key = await nextSpKey(ctx);
    print(`${waiting ? 'next key already waiting' : 'created next key'}: ${key.id}`);
    print(`expires ${key.notAfter}; give this certificate to the IdPs of connections that sign or encrypt:`);
    print(key.certificatePem.trim());
  },

  async promote(ctx, args, print) {
    noMoreArguments(args, 0);
    const before = (await listSpKeys(ctx)).find((key) => key.status === 'active');
    const promoted = await promoteNextSpKey(ctx);
    if (!promoted) throw new SpKeysCliError('no next key to promote: run "sp-keys next" first');
    print(`${promoted.id} is now active: new connections are pinned to it`);
    if (!before) return;
    const still = countPins(await samlConnections(ctx)).get(before.id) ?? 0;
    print(
      `${before.id} is retired; ${still} connection${still === 1 ? '' : 's'} pinned to it keep using it` +
        (still > 0 ? ` (move them with "sp-keys move --all" once their IdPs have the new certificate)` : ''),
    );
  },

  async move(ctx, args, print) {
    const [which, keyId] = args;
    noMoreArguments(args, 2);
    if (!which) throw new SpKeysCliError(`sp-keys move needs a connection id or --all\n${SP_KEYS_USAGE}`);
    const target = await targetKey(ctx, keyId);
    const rows = await samlConnections(ctx);
    let moving: ConnectionRow[];
    if (which === '--all') {
      moving = rows.filter((row) => {
        const config = readSamlConfig(row.saml_config);
        return config.sp_certificate_id ? config.sp_certificate_id !== target.id : usesSpKey(config);
      });
    } else {
      const row = rows.find((r) => r.id === which);
      if (!row) throw new SpKeysCliError(`${which} is not a SAML connection`);
      if (readSamlConfig(row.saml_config).sp_certificate_id === target.id) {
        return print(`${row.id} is already pinned to ${target.id}`);
      }
      moving = [row];
    }
    for (const row of moving) {
      const config = readSamlConfig(row.saml_config);
      const next = {
        ...row,
        saml_config: JSON.stringify({ ...config, sp_certificate_id: target.id }),
        updated_at: isoNow(),
      };
      // Only if nobody changed the connection since it was read; the event goes in the same transaction.
      if (!(await writeConnectionUpdate(ctx.db, ctx.environmentId, next, row.updated_at))) {
        throw new SpKeysCliError(`${row.id} changed while moving it; nothing written for it, run again`);
      }
      print(`${row.id}: ${config.sp_certificate_id ?? 'no key'} -> ${target.id}`);
    }
    print(`${moving.length} connection${moving.length === 1 ? '' : 's'} moved to ${target.id}`);
  },
};

/** The key named (active or next, as the API allows), or the active key. */
async function targetKey(ctx: CliContext, keyId: string | undefined): Promise<{ id: string }> {
  if (keyId === undefined) {
    const active = (await listSpKeys(ctx)).find((key) => key.status === 'active');
    if (!active) throw new SpKeysCliError('there is no active SP key yet: nothing to move to');
    return active;
  }
  const key = /^cert_[0-9a-z]{26}$/.test(keyId) ? await readSpKey(ctx, keyId) : undefined;
  if (!key) throw new SpKeysCliError(`${keyId} is not an SP key (see "sp-keys list")`);
  if (key.status === 'retired')
    throw new SpKeysCliError(`${keyId} is retired; move to the active or next key`);
  return key;
}

function samlConnections(ctx: CliContext): Promise<ConnectionRow[]> {
  return ctx.db.selectFrom('connections').selectAll().where('type', '=', 'SAML').orderBy('id').execute();
}

/** Connections per pinned key id. */
function countPins(rows: ConnectionRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const id = readSamlConfig(row.saml_config).sp_certificate_id;
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function noMoreArguments(args: string[], allowed: number): void {
  if (args.length > allowed) {
    throw new SpKeysCliError(`unexpected argument "${args[allowed]}"\n${SP_KEYS_USAGE}`);
  }
}
