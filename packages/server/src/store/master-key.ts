// Finds the master key: from GATEHOUSE_MASTER_KEY, else from <dataDir>/master.key, else generates one
// there (mode 0600) and warns — fine for one embedded instance, wrong for a fleet sharing a database.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeMasterKey } from '../config.ts';

export interface MasterKeyResult {
  key: Buffer;
  generatedAt?: string;
}

export function resolveMasterKey(configured: string | undefined, dataDir: string): MasterKeyResult {
  if (configured) {
    const key = decodeMasterKey(configured);
    if (!key) throw new Error('GATEHOUSE_MASTER_KEY is not 32 bytes');
    return { key };
  }
  const file = path.join(dataDir, 'master.key');
  if (fs.existsSync(file)) {
    const key = decodeMasterKey(fs.readFileSync(file, 'utf8').trim());
    if (!key) throw new Error(`${file} does not hold a 32-byte key`);
    return { key };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generatedAt: file };
}
