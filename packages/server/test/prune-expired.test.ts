// The sweeper of expired SSO rows (ops/prune-expired.ts), on both engines: expired rows of every
// table go and live ones stay, in bounded batches; the SAML replay cache keeps an id for as long as
// its assertion could still be accepted (a replay after a sweep is still refused); and the server
// runs it on its own interval.
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { pruneExpired } from '../src/ops/prune-expired.ts';
import { MAX_CLOCK_SKEW_SECONDS } from '../src/sso/saml/saml-config.ts';
import { rememberAssertion } from '../src/sso/saml/saml-replay-cache.ts';
import { rememberSamlRequest } from '../src/sso/saml/saml-request-store.ts';
import { startTestServer } from './harness.ts';
import { registerCallbacks } from './helpers/app-login.ts';
import { Browserish } from './helpers/login.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { authorizeUrl } from './helpers/sign-in-api.ts';
import { idpAnswer, postToAcs, ssoOrganization } from './helpers/sso-login.ts';

const iso = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

describeEachEngine('pruning expired SSO rows', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_PRUNE_INTERVAL_SECONDS: '0' });
  const db = () => handle.server.running.ctx.db;
  let connectionId: string;
  let organizationId: string;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
  });

  /** Rows of every table: `tag`-expired ones an hour ago, and live ones for another ten minutes. */
  async function seed(tag: string) {
    for (const [name, seconds] of [
      [`${tag}-old`, -3600],
      [`${tag}-live`, 600],
    ] as const) {
      await rememberSamlRequest(db(), { id: `_${name}`, connectionId: 'conn_x', relayState: null }, seconds);
      await rememberAssertion(db(), 'conn_x', name, iso(seconds));
      const row = {
        connection_id: 'conn_x',
        created_at: iso(-4000),
        expires_at: iso(seconds),
        consumed_at: null,
      };
      await db()
        .insertInto('sso_results')
        .values({ ...row, token_hash: name, interaction_uid: 'uid', profile: '{}' })
        .execute();
      await db()
        .insertInto('oidc_login_requests')
        .values({
          ...row,
          state_hash: name,
          browser_binding_hash: 'b',
          nonce: 'n',
          code_verifier_sealed: null,
          redirect_uri: 'https://rp.example/cb',
          relay_state: null,
        })
        .execute();
      await sql`insert into connection_tests (id, connection_id, status, created_at, expires_at) values (${name}, ${connectionId}, 'PENDING', ${iso(-4000)}, ${iso(seconds)})`.execute(
        db(),
      );
      await db()
        .insertInto('portal_sessions')
        .values({
          token_hash: name,
          organization_id: organizationId,
          link_id: 'lnk',
          features: '["sso"]',
          created_at: iso(-4000),
          idle_expires_at: iso(seconds),
          expires_at: iso(seconds),
        })
        .execute();
    }
  }

  /** Which of `names` are still in each table. */
  async function left(names: string[]) {
    const keep = (rows: { k: string }[]) =>
      rows
        .map((r) => r.k)
        .filter((k) => names.includes(k))
        .sort();
    return {
      saml_requests: keep(
        await db()
          .selectFrom('saml_requests')
          .select('id as k')
          .execute()
          .then((r) => r.map((x) => ({ k: x.k.slice(1) }))),
      ),
      saml_assertions_seen: keep(
        await db().selectFrom('saml_assertions_seen').select('assertion_id as k').execute(),
      ),
      sso_results: keep(await db().selectFrom('sso_results').select('token_hash as k').execute()),
      oidc_login_requests: keep(
        await db().selectFrom('oidc_login_requests').select('state_hash as k').execute(),
      ),
      connection_tests: keep(await db().selectFrom('connection_tests').select('id as k').execute()),
      portal_sessions: keep(await db().selectFrom('portal_sessions').select('token_hash as k').execute()),
    };
  }

  it('deletes the expired rows of every table and keeps the live ones', async () => {
    const org = await ssoOrganization(handle.server, handle.token);
    connectionId = org.connectionId;
    organizationId = org.organizationId;
    await seed('a');
    const counts = await pruneExpired(handle.server.running.ctx);
    const tables = await left(['a-old', 'a-live']);
    for (const [table, names] of Object.entries(tables)) {
      expect(names, table).toEqual(['a-live']);
      expect(counts[table], table).toBeGreaterThanOrEqual(1);
    }
    // Nothing left to do: a second sweep deletes nothing.
    expect(Object.values(await pruneExpired(handle.server.running.ctx)).every((n) => n === 0)).toBe(true);
  });

  it('works through more expired rows than one batch holds, in bounded batches', async () => {
    await pruneExpired(handle.server.running.ctx);
    for (let i = 0; i < 7; i++) await rememberAssertion(db(), 'conn_batch', `b-${i}`, iso(-7200));
    await rememberAssertion(db(), 'conn_batch', 'b-live', iso(60));
    const counts = await pruneExpired(handle.server.running.ctx, { batchSize: 3 });
    expect(counts.saml_assertions_seen).toBe(7);
    const rest = await db()
      .selectFrom('saml_assertions_seen')
      .select('assertion_id')
      .where('connection_id', '=', 'conn_batch')
      .execute();
    expect(rest.map((r) => r.assertion_id)).toEqual(['b-live']);
  });

  it('keeps a seen assertion id past its expiry for the largest clock skew a connection may have', async () => {
    const horizon = Date.now();
    await rememberAssertion(db(), 'conn_grace', 'g-1', new Date(horizon).toISOString());
    await pruneExpired(handle.server.running.ctx, { nowMs: horizon + (MAX_CLOCK_SKEW_SECONDS - 5) * 1000 });
    const kept = await db()
      .selectFrom('saml_assertions_seen')
      .select('assertion_id')
      .where('connection_id', '=', 'conn_grace')
      .execute();
    expect(kept).toHaveLength(1);
    await pruneExpired(handle.server.running.ctx, { nowMs: horizon + (MAX_CLOCK_SKEW_SECONDS + 5) * 1000 });
    const gone = await db()
      .selectFrom('saml_assertions_seen')
      .select('assertion_id')
      .where('connection_id', '=', 'conn_grace')
      .execute();
    expect(gone).toHaveLength(0);
  });

  it('still refuses a replayed assertion that has not expired, after a sweep', async () => {
    const org = await ssoOrganization(handle.server, handle.token);
    const email = `ada-${unique()}@${org.domain}`;
    const browser = new Browserish(handle.server.url);
    const { external } = await browser.follow(
      await browser.get(authorizeUrl(handle.server, { organization_id: org.organizationId })),
    );
    const form = await idpAnswer(org, external!, { nameId: email, attributes: { email: [email] } });
    expect((await postToAcs(browser, org.sp.acsUrl, form)).status).toBe(303);
    await pruneExpired(handle.server.running.ctx);
    const replayed = await postToAcs(new Browserish(handle.server.url), org.sp.acsUrl, form);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('(replayed)');
  });
});

describeEachEngine('the server pruning on its own interval', (engine) => {
  it('removes expired rows within an interval and stops with the server', async () => {
    const server = await startTestServer(engine, { GATEHOUSE_PRUNE_INTERVAL_SECONDS: '1' });
    try {
      const db = server.running.ctx.db;
      await rememberAssertion(db, 'conn_timer', 'old', iso(-3600));
      await rememberAssertion(db, 'conn_timer', 'live', iso(600));
      let ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ids = (await db.selectFrom('saml_assertions_seen').select('assertion_id').execute()).map(
          (r) => r.assertion_id,
        );
        if (!ids.includes('old')) break;
      }
      expect(ids).toEqual(['live']);
    } finally {
      await server.close();
    }
  });
});
