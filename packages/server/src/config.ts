// Every setting of the platform: its environment variable, default and meaning, validated once at
// start-up so a bad value stops the process with a message naming the variable — never later, mid-request.
import path from 'node:path';
import { parseDnsServers } from './domains/dns-config.ts';
import { readMailConfig, type MailConfig } from './mail/mail-config.ts';
import { readWebhookConfig, type WebhookConfig } from './webhooks/webhook-config.ts';
import { readCredentialConfig, type CredentialConfig } from './credentials/credential-config.ts';
import { readSimulatorConfig, type SimulatorConfig } from './sso/simulator/simulator-switch.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config extends MailConfig, WebhookConfig, CredentialConfig, SimulatorConfig {
  /** GATEHOUSE_PORT: the one TCP port serving HTTP/1.1, HTTP/2 cleartext (gRPC) and REST. */
  port: number;
  /** GATEHOUSE_HOST: the address to listen on. */
  host: string;
  /** GATEHOUSE_PUBLIC_URL: the issuer of every token and the base of every link we hand out. */
  publicUrl: string;
  /** GATEHOUSE_APP_NAME: the product name shown on the hosted login pages (1-60 characters). */
  appName: string;
  /** GATEHOUSE_DATABASE_URL: a SQLite file path, or a postgres:// URL. */
  databaseUrl: string;
  /** GATEHOUSE_DATA_DIR: where the embedded database and a generated master key live. */
  dataDir: string;
  /** GATEHOUSE_MASTER_KEY: 32 bytes (64 hex chars or base64) encrypting secrets at rest. */
  masterKey: string | undefined;
  /** GATEHOUSE_LOG_LEVEL */
  logLevel: LogLevel;
  /** GATEHOUSE_BOOTSTRAP_CLIENT_ID / _SECRET: fix the first-start API client's credentials. */
  bootstrapClientId: string | undefined;
  bootstrapClientSecret: string | undefined;
  /** GATEHOUSE_TOKEN_TTL_SECONDS: lifetime of client-credentials access tokens. */
  tokenTtlSeconds: number;
  /** GATEHOUSE_RATE_LIMIT_TOKEN: token endpoint requests per minute, per client and per IP (0 = off). */
  rateLimitTokenPerMinute: number;
  /** GATEHOUSE_RATE_LIMIT_API: management API requests per minute, per client and per IP (0 = off). */
  rateLimitApiPerMinute: number;
  /** GATEHOUSE_PORTAL_LINK_TTL_SECONDS: how long a generated admin-portal link stays usable. */
  portalLinkTtlSeconds: number;
  /** GATEHOUSE_TRUST_PROXY: take the client IP from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
  /** GATEHOUSE_INVITE_TTL_HOURS: how long an organization invitation link can be accepted. */
  inviteTtlHours: number;
  /** GATEHOUSE_DNS_SERVERS: resolvers for domain verification (ip[:port], comma-separated); [] = the system's. */
  dnsServers: string[];
  /** GATEHOUSE_DNS_TIMEOUT_MS: how long one DNS query of domain verification may take. */
  dnsTimeoutMs: number;
  /** GATEHOUSE_SEED_DEFAULT_ROLES: on the first start, create the `admin` and `member` environment roles. */
  seedDefaultRoles: boolean;
  /** GATEHOUSE_PRUNE_INTERVAL_SECONDS: how often expired SSO rows are deleted (ops/prune-expired.ts); 0 = never. */
  pruneIntervalSeconds: number;
  /** GATEHOUSE_IDP_METADATA_REFRESH_HOURS: how often SAML connections re-read their idp_metadata_url (0 = never). */
  idpMetadataRefreshHours: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const CLIENT_ID_PATTERN = /^skc_[A-Za-z0-9_-]{4,64}$/;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const port = integer('GATEHOUSE_PORT', 8080, 0, 65535);
  const dataDir = path.resolve(read('GATEHOUSE_DATA_DIR') ?? './data');
  const publicUrl = parsePublicUrl(read('GATEHOUSE_PUBLIC_URL') ?? `http://localhost:${port}`, problems);
  const databaseUrl = read('GATEHOUSE_DATABASE_URL') ?? path.join(dataDir, 'gatehouse.db');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    problems.push(`GATEHOUSE_DATABASE_URL: only a SQLite file path or a postgres:// URL is supported`);
  }

  const logLevel = (read('GATEHOUSE_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(
      `GATEHOUSE_LOG_LEVEL=${JSON.stringify(logLevel)}: expected one of ${LOG_LEVELS.join(', ')}`,
    );
  }

  const masterKey = read('GATEHOUSE_MASTER_KEY');
  if (masterKey !== undefined && decodeMasterKey(masterKey) === undefined) {
    problems.push('GATEHOUSE_MASTER_KEY: expected 32 bytes as 64 hex characters or base64');
  }

  const bootstrapClientId = read('GATEHOUSE_BOOTSTRAP_CLIENT_ID');
  const bootstrapClientSecret = read('GATEHOUSE_BOOTSTRAP_CLIENT_SECRET');
  if ((bootstrapClientId === undefined) !== (bootstrapClientSecret === undefined)) {
    problems.push('GATEHOUSE_BOOTSTRAP_CLIENT_ID and GATEHOUSE_BOOTSTRAP_CLIENT_SECRET must be set together');
  }
  if (bootstrapClientId !== undefined && !CLIENT_ID_PATTERN.test(bootstrapClientId)) {
    problems.push('GATEHOUSE_BOOTSTRAP_CLIENT_ID: expected skc_ followed by 4-64 letters, digits, - or _');
  }
  if (bootstrapClientSecret !== undefined && bootstrapClientSecret.length < 16) {
    problems.push('GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: must be at least 16 characters');
  }

  const config: Config = {
    port,
    host: read('GATEHOUSE_HOST') ?? '0.0.0.0',
    publicUrl,
    appName: readAppName(read('GATEHOUSE_APP_NAME'), problems),
    databaseUrl,
    dataDir,
    masterKey,
    logLevel,
    bootstrapClientId,
    bootstrapClientSecret,
    tokenTtlSeconds: integer('GATEHOUSE_TOKEN_TTL_SECONDS', 86399, 60, 7 * 86400),
    rateLimitTokenPerMinute: integer('GATEHOUSE_RATE_LIMIT_TOKEN', 600, 0, 100_000_000),
    rateLimitApiPerMinute: integer('GATEHOUSE_RATE_LIMIT_API', 60_000, 0, 100_000_000),
    portalLinkTtlSeconds: integer('GATEHOUSE_PORTAL_LINK_TTL_SECONDS', 60, 5, 86400),
    trustProxy: parseBoolean('GATEHOUSE_TRUST_PROXY', read('GATEHOUSE_TRUST_PROXY'), problems),
    seedDefaultRoles: parseBoolean(
      'GATEHOUSE_SEED_DEFAULT_ROLES',
      read('GATEHOUSE_SEED_DEFAULT_ROLES') ?? 'true',
      problems,
    ),
    inviteTtlHours: integer('GATEHOUSE_INVITE_TTL_HOURS', 7 * 24, 1, 90 * 24),
    ...readMailConfig(read, publicUrl, problems),
    ...readWebhookConfig(read, integer, parseBoolean, publicUrl, problems),
    ...readCredentialConfig(read, integer, parseBoolean, problems),
    ...readSimulatorConfig(read, problems),
    dnsServers: parseDnsServers(read('GATEHOUSE_DNS_SERVERS'), problems),
    dnsTimeoutMs: integer('GATEHOUSE_DNS_TIMEOUT_MS', 3000, 100, 30_000),
    pruneIntervalSeconds: integer('GATEHOUSE_PRUNE_INTERVAL_SECONDS', 300, 0, 86_400),
    idpMetadataRefreshHours: integer('GATEHOUSE_IDP_METADATA_REFRESH_HOURS', 12, 0, 7 * 24),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parsePublicUrl(raw: string, problems: string[]): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    if (url.search || url.hash) throw new Error('query');
    return url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(
      `GATEHOUSE_PUBLIC_URL=${JSON.stringify(raw)}: expected an http(s) URL without query or fragment`,
    );
    return raw;
  }
}

function parseBoolean(name: string, raw: string | undefined, problems: string[]): boolean {
  if (raw === undefined) return false;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
  return false;
}

/** Accepts 64 hex characters or base64 of exactly 32 bytes. */
export function decodeMasterKey(value: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl);
}

function readAppName(raw: string | undefined, problems: string[]): string {
  if (raw === undefined) return 'Gatehouse';
  const name = raw.trim();
  if (name.length === 0 || name.length > 60 || /[\u0000-\u001f]/.test(name)) {
    problems.push('GATEHOUSE_APP_NAME: expected 1-60 printable characters');
  }
  return name;
}
