// The SAML service provider's keys: one environment key pair and self-signed certificate, created on
// first use, with which AuthnRequests are signed and to which IdPs encrypt assertions. Stored once
// for every instance (private key sealed), so a restart or another instance uses the same
// certificate the IdP was given. A connection pins the key it uses by id (its certificate_id): a
// rollover adds a `next` key, connections move to it one by one as their IdP learns the new
// certificate, and promotion makes it the key new connections get.
import type { AppContext } from '../app-context.ts';
import { newCertifiedKeyPair } from '../keys/self-signed-certificate.ts';
import { isUniqueViolation } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';
import type { SamlSpKeyStatus, SamlSpKeyTable } from './saml/saml-sp-key-tables.ts';

export interface SamlSpKey {
  id: string;
  status: SamlSpKeyStatus;
  privateKeyPem: string;
  certificatePem: string;
  notBefore: string;
  notAfter: string;
}

/** What the key functions need: the operator's command line (ops/sp-keys-cli.ts) has no full context. */
export type SpKeyContext = Pick<AppContext, 'config' | 'db' | 'box'>;

/** A key as listed for an operator: no private half. */
export type SpKeyListing = Omit<SamlSpKeyTable, 'private_key'>;

const VALID_YEARS = 10;
// Key material never changes for an id, so it is safe to keep; the status is re-read where it matters.
const byId = new WeakMap<SpKeyContext, Map<string, Promise<SamlSpKey | undefined>>>();

/** The active key, created when there is none yet (two instances racing end up with one). */
export async function activeSpKey(ctx: SpKeyContext): Promise<SamlSpKey> {
  return (await keyWithStatus(ctx, 'active')) ?? createSpKey(ctx, 'active');
}

/** The key a connection pinned; undefined when no key has this id. */
export function spKeyById(ctx: SpKeyContext, id: string): Promise<SamlSpKey | undefined> {
  let cache = byId.get(ctx);
  if (!cache) byId.set(ctx, (cache = new Map()));
  let key = cache.get(id);
  if (!key) {
    key = readSpKey(ctx, id);
    // Neither a failure (database down) nor "no such key" is kept for the life of the process.
    key.then((found) => found ?? cache.delete(id)).catch(() => cache.delete(id));
    cache.set(id, key);
  }
  return key;
}

/** Adds the `next` key (or returns the one already waiting): published to IdPs before a rollover. */
export async function nextSpKey(ctx: SpKeyContext): Promise<SamlSpKey> {
  return (await keyWithStatus(ctx, 'next')) ?? createSpKey(ctx, 'next');
}

/**
 * Makes the `next` key the active one and retires the old active key. Connections keep the key they
 * pinned (their IdP trusts that certificate), so nothing signing in today breaks; new connections
 * get the promoted key. Returns the new active key, or undefined when no key was waiting.
 */
export async function promoteNextSpKey(ctx: SpKeyContext): Promise<SamlSpKey | undefined> {
  const promoted = await ctx.db.transaction().execute(async (trx) => {
    const next = await trx
      .selectFrom('saml_sp_keys')
      .select('id')
      .where('status', '=', 'next')
      .executeTakeFirst();
    if (!next) return undefined;
    await trx.updateTable('saml_sp_keys').set({ status: 'retired' }).where('status', '=', 'active').execute();
    const row = await trx
      .updateTable('saml_sp_keys')
      .set({ status: 'active' })
      .where('id', '=', next.id)
      .where('status', '=', 'next')
      .returningAll()
      .executeTakeFirst();
    return row;
  });
  return promoted && fromRow(ctx, promoted);
}

/** Every key, oldest first, without private keys. */
export function listSpKeys(ctx: SpKeyContext): Promise<SpKeyListing[]> {
  return ctx.db
    .selectFrom('saml_sp_keys')
    .select(['id', 'status', 'certificate_pem', 'not_before', 'not_after', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

async function createSpKey(ctx: SpKeyContext, status: 'active' | 'next'): Promise<SamlSpKey> {
  const fresh = await newCertifiedKeyPair({
    commonName: 'Gatehouse SAML service provider',
    organizationName: new URL(ctx.config.publicUrl).host,
    validYears: VALID_YEARS,
  });
  const row: SamlSpKeyTable = {
    id: newId('cert'),
    status,
    private_key: ctx.box.seal(fresh.privateKeyPem),
    certificate_pem: fresh.certificatePem,
    not_before: fresh.notBefore.toISOString(),
    not_after: fresh.notAfter.toISOString(),
    created_at: isoNow(),
  };
  try {
    await ctx.db.insertInto('saml_sp_keys').values(row).execute();
    return fromRow(ctx, row);
  } catch (error) {
    // Another instance created it first (one key per status): everyone uses that one.
    if (!isUniqueViolation(error)) throw error;
    const winner = await keyWithStatus(ctx, status);
    if (!winner) throw error;
    return winner;
  }
}

async function keyWithStatus(ctx: SpKeyContext, status: SamlSpKeyStatus): Promise<SamlSpKey | undefined> {
  const row = await ctx.db
    .selectFrom('saml_sp_keys')
    .selectAll()
    .where('status', '=', status)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && fromRow(ctx, row);
}

/** The key with this id as stored now (uncached: its status may have changed). */
export async function readSpKey(ctx: SpKeyContext, id: string): Promise<SamlSpKey | undefined> {
  const row = await ctx.db.selectFrom('saml_sp_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(ctx, row);
}

function fromRow(ctx: SpKeyContext, row: SamlSpKeyTable): SamlSpKey {
  return {
    id: row.id,
    status: row.status,
    privateKeyPem: ctx.box.open(row.private_key),
    certificatePem: row.certificate_pem,
    notBefore: row.not_before,
    notAfter: row.not_after,
  };
}
