// The store suite: the same tests on SQLite and PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, isUniqueViolation, type Store } from '../src/store/database.ts';
import { migrateToLatest, migrationsApplied } from '../src/store/migrations.ts';
import { newId } from '../src/store/ids.ts';
import { SecretBox } from '../src/store/secret-box.ts';
import { appendEvent } from '../src/events/event-log.ts';
import * as orgStore from '../src/organizations/organization-store.ts';
import { freshDatabase, testEngines } from './harness.ts';

function orgRow(id: string, name: string, externalId: string | null = null) {
  const now = new Date().toISOString();
  return {
    id,
    display_name: name,
    external_id: externalId,
    slug: null,
    logo_url: null,
    region_code: 0,
    metadata: '{}',
    features: '[]',
    session_policy: '{}',
    user_management: '{}',
    created_at: now,
    updated_at: now,
  };
}

describe('ids and secrets', () => {
  it('makes prefixed ids that sort in creation order', () => {
    const ids = Array.from({ length: 2000 }, () => newId('org'));
    expect(ids.every((id) => /^org_[0-9a-z]{26}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('seals secrets with AES-GCM and refuses tampered ones', () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal('top secret');
    expect(sealed).not.toContain('top secret');
    expect(box.open(sealed)).toBe('top secret');
    expect(box.seal('top secret')).not.toBe(sealed);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] as string, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed)).toThrow();
  });
});

for (const { engine, available } of testEngines()) {
  describe.skipIf(!available)(`store on ${engine}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let dir: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-store-'));
      const database = await freshDatabase(engine, dir);
      drop = database.drop;
      store = openStore(database.url);
      await migrateToLatest(store.db, store.engine);
    });

    afterAll(async () => {
      await store.close();
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('applies migrations once and reports them applied', async () => {
      expect(await migrationsApplied(store.db, store.engine)).toBe(true);
      await migrateToLatest(store.db, store.engine);
      expect(await migrationsApplied(store.db, store.engine)).toBe(true);
    });

    it('refuses a duplicate external id as a unique violation, allows many without one', async () => {
      await store.db
        .insertInto('organizations')
        .values(orgRow(newId('org'), 'A', 'dup'))
        .execute();
      await store.db
        .insertInto('organizations')
        .values(orgRow(newId('org'), 'B'))
        .execute();
      await store.db
        .insertInto('organizations')
        .values(orgRow(newId('org'), 'C'))
        .execute();
      const error = await store.db
        .insertInto('organizations')
        .values(orgRow(newId('org'), 'D', 'dup'))
        .execute()
        .catch((e: unknown) => e);
      expect(isUniqueViolation(error)).toBe(true);
    });

    it('rolls back the change and its event together', async () => {
      const id = newId('org');
      const before = await store.db.selectFrom('events').select('id').execute();
      await store.db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('organizations').values(orgRow(id, 'Rolled back')).execute();
          await appendEvent(trx, 'env_test', {
            type: 'organization.created',
            organizationId: id,
            object: 'Organization',
            data: {},
          });
          throw new Error('abort');
        })
        .catch(() => {});
      expect(await orgStore.findById(store.db, id)).toBeUndefined();
      expect(await store.db.selectFrom('events').select('id').execute()).toHaveLength(before.length);
    });

    it('orders events by sequence', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          await appendEvent(store.db, 'env_test', {
            type: 't',
            organizationId: null,
            object: 'X',
            data: { i },
          }),
        );
      }
      const rows = await store.db
        .selectFrom('events')
        .select(['id', 'seq'])
        .where('id', 'in', ids)
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.id)).toEqual(ids);
    });

    it('pages forward and backward by keyset without overlaps', async () => {
      const prefix = `page-${engine}-`;
      for (let i = 0; i < 23; i++) {
        await store.db
          .insertInto('organizations')
          .values(orgRow(newId('org'), `${prefix}${i}`))
          .execute();
      }
      const query = orgStore.filtered(store.db, { query: prefix });
      const seen: string[] = [];
      let cursor: { direction: 'next' | 'prev'; id: string } | undefined;
      let total = 0;
      for (;;) {
        const page = await orgStore.page(query, cursor, 5);
        total = page.total;
        seen.push(...page.rows.map((r) => r.display_name));
        const last = page.rows[page.rows.length - 1];
        if (!page.hasNext || !last) break;
        cursor = { direction: 'next', id: last.id };
      }
      expect(total).toBe(23);
      expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `${prefix}${i}`));
      // Backward from the end gives the previous five, in ascending order.
      const lastId = (await query.orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
      const back = await orgStore.page(query, { direction: 'prev', id: lastId }, 5);
      expect(back.rows.map((r) => r.display_name)).toEqual([17, 18, 19, 20, 21].map((i) => `${prefix}${i}`));
      expect(back.hasPrev).toBe(true);
    });

    it('treats LIKE wildcards in a search as text', async () => {
      await store.db
        .insertInto('organizations')
        .values(orgRow(newId('org'), `100% Pure ${engine}`))
        .execute();
      await store.db
        .insertInto('organizations')
        .values(orgRow(newId('org'), `1000 Pure ${engine}`))
        .execute();
      const page = await orgStore.page(orgStore.filtered(store.db, { query: '100%' }), undefined, 50);
      expect(page.rows.map((r) => r.display_name)).toEqual([`100% Pure ${engine}`]);
    });
  });
}
