// The SP key rollover as an operator runs it: `main.ts sp-keys …` in a child process against a
// running server's database (SQLite and PostgreSQL), checked through the API the IdPs and admins
// see — the certificate_id each connection reports, its SP metadata, and the events written.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect, it } from 'vitest';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';
import { ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAIN = path.join(ROOT, 'packages/server/src/main.ts');

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

function cli(env: Record<string, string>, ...args: string[]): Promise<Ran> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sp-keys', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', GATEHOUSE_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // Node 20 draws a runtime warning from oidc-provider (imported by main.ts) on every start.
  const quiet = () => err.replace(/^oidc-provider WARNING: Unsupported runtime.*\n/m, '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err: quiet() })));
}

describeEachEngine('sp-keys on the command line', (engine) => {
  const handle = useServer(engine);
  const env = () => ({
    GATEHOUSE_DATABASE_URL: handle.server.databaseUrl,
    GATEHOUSE_DATA_DIR: handle.server.dataDir,
    GATEHOUSE_MASTER_KEY: 'ab'.repeat(32),
    GATEHOUSE_PUBLIC_URL: handle.server.url,
  });
  const run = (...args: string[]) => cli(env(), ...args);
  const ok = async (...args: string[]) => {
    const ran = await run(...args);
    expect({ code: ran.code, err: ran.err }).toEqual({ code: 0, err: '' });
    return ran.out;
  };
  const refused = async (...args: string[]) => {
    const ran = await run(...args);
    expect(ran.code).toBe(1);
    expect(ran.out).toBe('');
    return ran.err;
  };

  const connectionPath = (org: SsoOrganization) =>
    `/api/v1/organizations/${org.organizationId}/connections/${org.connectionId}`;
  const pinOf = async (org: SsoOrganization): Promise<string | undefined> => {
    const res = await rest(handle.server, 'GET', connectionPath(org), { token: handle.token });
    return res.body.connection.saml_config.certificate_id;
  };
  const withOptions = async (options: Record<string, boolean>) => {
    const org = await ssoOrganization(handle.server, handle.token);
    const res = await rest(handle.server, 'PATCH', connectionPath(org), {
      token: handle.token,
      json: { saml_config: options },
    });
    expect(res.status).toBe(200);
    return org;
  };
  const ssoUpdates = async (org: SsoOrganization) =>
    (
      await handle.server.running.ctx.db
        .selectFrom('events')
        .select('data')
        .where('type', '=', 'organization.sso_updated')
        .where('organization_id', '=', org.organizationId)
        .execute()
    ).length;
  const metadataOf = async (org: SsoOrganization) =>
    (await fetch(`${handle.server.url}/sso/saml/${org.connectionId}/metadata`)).text();
  const certBody = (pem: string) => new X509Certificate(pem).raw.toString('base64');
  const statusOf = async (id: string) =>
    (
      await handle.server.running.ctx.db
        .selectFrom('saml_sp_keys')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  it(
    'lists, adds a next key, moves one connection, promotes, moves the rest; refusals change nothing',
    {
      timeout: 240_000,
    },
    async () => {
      expect(await ok('list')).toMatch(/^no SP keys yet/);
      // Promoting or moving with nothing to promote or move to is refused.
      expect(await refused('promote')).toMatch(/no next key to promote/);
      expect(await refused('move', '--all')).toMatch(/no active SP key/);

      const signer = await withOptions({ want_request_signed: true });
      const decrypter = await withOptions({ assertion_encrypted: true });
      const old = (await pinOf(signer))!;
      expect(old).toMatch(/^cert_[0-9a-z]{26}$/);
      expect(await pinOf(decrypter)).toBe(old);
      expect(await ok('list')).toMatch(new RegExp(`^${old}  active .* 2 connections\\n$`));

      // next: the id and a certificate an admin can hand to IdPs; asked again, the same key.
      const nextOut = await ok('next');
      const next = /^created next key: (cert_[0-9a-z]{26})\n/.exec(nextOut)?.[1];
      expect(next).toBeDefined();
      const pem = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.exec(nextOut)?.[0];
      expect(new X509Certificate(pem!).publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(
        2048,
      );
      expect(await ok('next')).toMatch(new RegExp(`^next key already waiting: ${next}\\n`));
      expect(await statusOf(next!)).toBe('next');

      // move one connection to the next key: its metadata publishes the new certificate, with an event.
      const eventsBefore = await ssoUpdates(signer);
      expect(await ok('move', signer.connectionId, next!)).toContain(
        `${signer.connectionId}: ${old} -> ${next}\n1 connection moved to ${next}`,
      );
      expect(await pinOf(signer)).toBe(next);
      expect(await ssoUpdates(signer)).toBe(eventsBefore + 1);
      expect(await metadataOf(signer)).toContain(certBody(pem!));
      expect(await pinOf(decrypter)).toBe(old);
      expect(await ok('move', signer.connectionId, next!)).toBe(
        `${signer.connectionId} is already pinned to ${next}\n`,
      );

      // promote: next becomes active, the old key retired but still used by the connection pinned to it.
      const promoted = await ok('promote');
      expect(promoted).toContain(`${next} is now active`);
      expect(promoted).toContain(`${old} is retired; 1 connection pinned to it keep using it`);
      expect(await statusOf(next!)).toBe('active');
      expect(await statusOf(old)).toBe('retired');
      expect(await pinOf(decrypter)).toBe(old);
      const newcomer = await withOptions({ want_request_signed: true });
      expect(await pinOf(newcomer)).toBe(next);

      // Refused, each changing nothing: a retired or unknown key, an unknown connection, bad usage.
      const decrypterEvents = await ssoUpdates(decrypter);
      expect(await refused('move', decrypter.connectionId, old)).toMatch(/is retired/);
      expect(await refused('move', decrypter.connectionId, `cert_${'0'.repeat(26)}`)).toMatch(
        /is not an SP key/,
      );
      expect(await refused('move', decrypter.connectionId, 'not-a-key')).toMatch(/is not an SP key/);
      expect(await refused('move', 'conn_00000000000000000000000000')).toMatch(/is not a SAML connection/);
      expect(await refused('move')).toMatch(/needs a connection id or --all/);
      expect(await refused('move', decrypter.connectionId, next!, 'extra')).toMatch(
        /unexpected argument "extra"/,
      );
      expect(await refused('list', 'extra')).toMatch(/unexpected argument/);
      expect(await refused('rotate')).toMatch(/unknown sp-keys command "rotate"\nusage:/);
      expect(await refused('promote')).toMatch(/no next key to promote/);
      expect(await pinOf(decrypter)).toBe(old);
      expect(await ssoUpdates(decrypter)).toBe(decrypterEvents);

      // move --all: every connection still on another key, to the active one.
      expect(await ok('move', '--all')).toBe(
        `${decrypter.connectionId}: ${old} -> ${next}\n1 connection moved to ${next}\n`,
      );
      expect(await pinOf(decrypter)).toBe(next);
      expect(await ssoUpdates(decrypter)).toBe(decrypterEvents + 1);
      const listed = await ok('list');
      expect(listed).toMatch(new RegExp(`^${old}  retired .* 0 connections\\n`, 'm'));
      expect(listed).toMatch(new RegExp(`^${next}  active .* 3 connections$`, 'm'));
    },
  );

  it('refuses to run without the servers’ master key rather than making one', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-sp-keys-'));
    try {
      const { GATEHOUSE_MASTER_KEY: _unset, ...withoutKey } = env();
      const ran = await cli({ ...withoutKey, GATEHOUSE_DATA_DIR: empty }, 'list');
      expect(ran.code).toBe(1);
      expect(ran.err).toMatch(/no master key/);
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
