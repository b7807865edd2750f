// The RS256 signing keys of the environment. They live in the database, the private half sealed under
// the master key, so every instance signs with the same key and serves the same JWKS.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { SecretBox } from '../store/secret-box.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

export interface PublicJwk {
  kty: string;
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
}

// A kid we have not seen makes us re-read the table, but at most this often, so forged kids
// cannot turn into a database flood.
const RELOAD_INTERVAL_MS = 5_000;

export class SigningKeys {
  private active: ActiveKey | undefined;
  private publicKeys = new Map<string, KeyObject>();
  private jwksCache: { keys: PublicJwk[] } = { keys: [] };
  private lastLoad = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  /** Loads the keys, creating the first one when the table is empty. */
  async init(): Promise<void> {
    await this.load();
    if (!this.active) {
      await this.create();
      await this.load();
    }
  }

  current(): ActiveKey {
    if (!this.active) throw new Error('signing keys not initialised');
    return this.active;
  }

  jwks(): { keys: PublicJwk[] } {
    return this.jwksCache;
  }

  async publicKey(kid: string): Promise<KeyObject | undefined> {
    const known = this.publicKeys.get(kid);
    if (known || Date.now() - this.lastLoad < RELOAD_INTERVAL_MS) return known;
    await this.load();
    return this.publicKeys.get(kid);
  }

  private async create(): Promise<void> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = newId('key');
    const jwk = publicKey.export({ format: 'jwk' });
    await this.db
      .insertInto('signing_keys')
      .values({
        id: kid,
        algorithm: 'RS256',
        private_key: this.box.seal(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string),
        public_jwk: JSON.stringify({ kty: jwk.kty, n: jwk.n, e: jwk.e }),
        created_at: isoNow(),
        retired_at: null,
      })
      .execute();
  }

  private async load(): Promise<void> {
    this.lastLoad = Date.now();
    const rows = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    const publicKeys = new Map<string, KeyObject>();
    const jwks: PublicJwk[] = [];
    for (const row of rows) {
      const jwk = JSON.parse(row.public_jwk) as { kty: string; n: string; e: string };
      publicKeys.set(row.id, createPublicKey({ key: jwk, format: 'jwk' }));
      jwks.push({ kty: jwk.kty, kid: row.id, use: 'sig', alg: 'RS256', n: jwk.n, e: jwk.e });
    }
    // Several instances may race to create the first key; all of them then sign with the oldest.
    const oldest = rows[0];
    if (oldest && this.active?.kid !== oldest.id) {
      this.active = { kid: oldest.id, privateKey: createPrivateKey(this.box.open(oldest.private_key)) };
    }
    this.publicKeys = publicKeys;
    this.jwksCache = { keys: jwks };
  }
}
