// The simulator's signing key pair and self-signed certificate: generated on first use, stored once
// per environment with the private key sealed, so every instance signs with the same key and the
// certificate pinned on simulator connections keeps verifying after a restart. The key and its
// certificate come from keys/self-signed-certificate.ts.
import type { AppContext } from '../../app-context.ts';
import { newCertifiedKeyPair } from '../../keys/self-signed-certificate.ts';
import { isUniqueViolation } from '../../store/database.ts';
import { isoNow } from '../../util/time.ts';

export interface SimulatorKeyPair {
  privateKeyPem: string;
  certificatePem: string;
}

const SIMULATOR_KEY_ID = 'idp-simulator';
const VALID_YEARS = 10;
const loaded = new WeakMap<AppContext, Promise<SimulatorKeyPair>>();

/** The environment's simulator keys, created on the first call; cached per context. */
export function simulatorKeys(ctx: AppContext): Promise<SimulatorKeyPair> {
  let keys = loaded.get(ctx);
  if (!keys) {
    keys = loadOrCreate(ctx);
    // A failure (database down) must not be cached for the life of the process.
    keys.catch(() => loaded.delete(ctx));
    loaded.set(ctx, keys);
  }
  return keys;
}

async function loadOrCreate(ctx: AppContext): Promise<SimulatorKeyPair> {
  const existing = await read(ctx);
  if (existing) return existing;
  const fresh = await newKeyPair(ctx.config.publicUrl);
  try {
    await ctx.db
      .insertInto('idp_simulator_keys')
      .values({
        id: SIMULATOR_KEY_ID,
        private_key: ctx.box.seal(fresh.privateKeyPem),
        certificate_pem: fresh.certificatePem,
        created_at: isoNow(),
      })
      .execute();
    return fresh;
  } catch (error) {
    // Another instance created it first: everyone uses that one.
    if (!isUniqueViolation(error)) throw error;
    const winner = await read(ctx);
    if (!winner) throw error;
    return winner;
  }
}

async function read(ctx: AppContext): Promise<SimulatorKeyPair | undefined> {
  const row = await ctx.db
    .selectFrom('idp_simulator_keys')
    .selectAll()
    .where('id', '=', SIMULATOR_KEY_ID)
    .executeTakeFirst();
  return row && { privateKeyPem: ctx.box.open(row.private_key), certificatePem: row.certificate_pem };
}

async function newKeyPair(publicUrl: string): Promise<SimulatorKeyPair> {
  const { privateKeyPem, certificatePem } = await newCertifiedKeyPair({
    commonName: 'Gatehouse IdP simulator',
    organizationName: new URL(publicUrl).host,
    validYears: VALID_YEARS,
  });
  return { privateKeyPem, certificatePem };
}
