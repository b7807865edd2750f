import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBe(path.join(path.resolve('./data'), 'gatehouse.db'));
    expect(config.logLevel).toBe('info');
    expect(config.tokenTtlSeconds).toBe(86399);
    expect(config.portalLinkTtlSeconds).toBe(60);
  });

  it('derives the public URL from the port and strips a trailing slash', () => {
    expect(loadConfig({ GATEHOUSE_PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadConfig({ GATEHOUSE_PUBLIC_URL: 'https://auth.example.com/' }).publicUrl).toBe(
      'https://auth.example.com',
    );
  });

  it('accepts a postgres URL', () => {
    const url = 'postgres://u@db:5432/gatehouse';
    expect(loadConfig({ GATEHOUSE_DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('names each bad value in its own message', () => {
    const found = problems({
      GATEHOUSE_PORT: 'eighty',
      GATEHOUSE_PUBLIC_URL: 'ftp://x',
      GATEHOUSE_LOG_LEVEL: 'loud',
      GATEHOUSE_MASTER_KEY: 'short',
      GATEHOUSE_DATABASE_URL: 'mysql://x/y',
    });
    expect(found).toHaveLength(5);
    for (const name of [
      'GATEHOUSE_PORT',
      'GATEHOUSE_PUBLIC_URL',
      'GATEHOUSE_LOG_LEVEL',
      'GATEHOUSE_MASTER_KEY',
      'GATEHOUSE_DATABASE_URL',
    ]) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('refuses out-of-range numbers', () => {
    expect(problems({ GATEHOUSE_PORT: '70000' })[0]).toMatch(/GATEHOUSE_PORT/);
    expect(problems({ GATEHOUSE_TOKEN_TTL_SECONDS: '5' })[0]).toMatch(/GATEHOUSE_TOKEN_TTL_SECONDS/);
  });

  it('requires bootstrap id and secret together, in the right shape', () => {
    expect(problems({ GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'skc_abcd' })[0]).toMatch(/must be set together/);
    expect(
      problems({
        GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'abc',
        GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: 'x'.repeat(20),
      })[0],
    ).toMatch(/GATEHOUSE_BOOTSTRAP_CLIENT_ID/);
    expect(
      problems({ GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'skc_abcd', GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: 'short' })[0],
    ).toMatch(/GATEHOUSE_BOOTSTRAP_CLIENT_SECRET/);
  });

  it('accepts a master key as hex or base64 of 32 bytes', () => {
    expect(problems({ GATEHOUSE_MASTER_KEY: 'ab'.repeat(32) })).toEqual([]);
    expect(problems({ GATEHOUSE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') })).toEqual([]);
    expect(problems({ GATEHOUSE_MASTER_KEY: Buffer.alloc(31, 7).toString('base64') })).toHaveLength(1);
  });

  it('runs the IdP simulator by default, except under NODE_ENV=production; on or off wins', () => {
    expect(loadConfig({}).idpSimulator).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).idpSimulator).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).idpSimulator).toBe(false);
    expect(loadConfig({ GATEHOUSE_IDP_SIMULATOR: 'OFF' }).idpSimulator).toBe(false);
    expect(loadConfig({ GATEHOUSE_IDP_SIMULATOR: 'false' }).idpSimulator).toBe(false);
    expect(loadConfig({ GATEHOUSE_IDP_SIMULATOR: 'on', NODE_ENV: 'production' }).idpSimulator).toBe(true);
    expect(problems({ GATEHOUSE_IDP_SIMULATOR: 'maybe' })).toEqual([
      'GATEHOUSE_IDP_SIMULATOR="maybe": expected on or off',
    ]);
  });

  it('prunes expired SSO rows every 300 seconds unless told otherwise (0 = never)', () => {
    expect(loadConfig({}).pruneIntervalSeconds).toBe(300);
    expect(loadConfig({ GATEHOUSE_PRUNE_INTERVAL_SECONDS: '0' }).pruneIntervalSeconds).toBe(0);
    expect(problems({ GATEHOUSE_PRUNE_INTERVAL_SECONDS: '-1' })[0]).toMatch(
      /^GATEHOUSE_PRUNE_INTERVAL_SECONDS/,
    );
    expect(problems({ GATEHOUSE_PRUNE_INTERVAL_SECONDS: '86401' })[0]).toMatch(/from 0 to 86400/);
  });
});
