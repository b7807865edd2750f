// The OpenID provider's storage (its `Adapter` interface) over the platform database, one row per
// artifact in `oidc_artifacts`. Single-use artifacts are consumed with one conditional UPDATE, so two
// instances racing with the same authorization code or refresh token can never both win: the loser
// revokes the whole grant (RFC 9700 §4.5: a replayed code revokes what it issued) and is refused.
import type { Kysely } from 'kysely';
import { errors } from 'oidc-provider';
import type { Database } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';

/** What oidc-provider hands the adapter; only the fields we index are named. */
export interface ArtifactPayload {
  grantId?: string;
  sessionUid?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
  [key: string]: unknown;
}

const SINGLE_USE = new Set([
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

export class ArtifactAdapter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: string,
  ) {}

  async upsert(id: string, payload: ArtifactPayload, expiresIn?: number): Promise<void> {
    const row = {
      kind: this.kind,
      id,
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      session_uid: sessionUidOf(this.kind, payload),
      uid: payload.uid ?? null,
      user_code: payload.userCode ?? null,
      expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null,
      consumed_at: null,
    };
    await this.db
      .insertInto('oidc_artifacts')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['kind', 'id']).doUpdateSet({
          payload: row.payload,
          grant_id: row.grant_id,
          session_uid: row.session_uid,
          uid: row.uid,
          user_code: row.user_code,
          expires_at: row.expires_at,
        }),
      )
      .execute();
  }

  find(id: string): Promise<ArtifactPayload | undefined> {
    return this.findBy('id', id);
  }

  findByUid(uid: string): Promise<ArtifactPayload | undefined> {
    return this.findBy('uid', uid);
  }

  findByUserCode(userCode: string): Promise<ArtifactPayload | undefined> {
    return this.findBy('user_code', userCode);
  }

  private async findBy(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<ArtifactPayload | undefined> {
    const row = await this.db
      .selectFrom('oidc_artifacts')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('kind', '=', this.kind)
      .where(column, '=', value)
      .executeTakeFirst();
    return row && live(row);
  }

  async consume(id: string): Promise<void> {
    const now = isoNow();
    const result = await this.db
      .updateTable('oidc_artifacts')
      .set({ consumed_at: now })
      .where('kind', '=', this.kind)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1 || !SINGLE_USE.has(this.kind)) return;
    // Someone else consumed it between oidc-provider's check and ours: a replay in flight.
    const row = await this.db
      .selectFrom('oidc_artifacts')
      .select('grant_id')
      .where('kind', '=', this.kind)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row?.grant_id) await revokeGrantFamily(this.db, row.grant_id);
    throw new errors.InvalidGrant('grant request is invalid');
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oidc_artifacts').where('kind', '=', this.kind).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db
      .deleteFrom('oidc_artifacts')
      .where('kind', '=', this.kind)
      .where('grant_id', '=', grantId)
      .execute();
  }
}

/** Deletes every artifact of a grant, whatever its kind, and the grant itself. */
export async function revokeGrantFamily(db: Kysely<Database>, grantId: string): Promise<void> {
  await db
    .deleteFrom('oidc_artifacts')
    .where((eb) =>
      eb.or([eb('grant_id', '=', grantId), eb.and([eb('kind', '=', 'Grant'), eb('id', '=', grantId)])]),
    )
    .execute();
}

/**
 * Ends what the provider holds for revoked Gatehouse sessions: every grant (and so every refresh
 * token) made in them, and the browser sessions that pointed at them.
 */
export async function revokeSessionArtifacts(
  db: Kysely<Database>,
  sessionIds: string[],
  providerUids: string[],
): Promise<void> {
  if (sessionIds.length > 0) {
    const grants = await db
      .selectFrom('oidc_grant_sessions')
      .select('grant_id')
      .where('session_id', 'in', sessionIds)
      .execute();
    for (const { grant_id } of grants) await revokeGrantFamily(db, grant_id);
  }
  if (providerUids.length > 0) {
    await db
      .deleteFrom('oidc_artifacts')
      .where('kind', '=', 'Session')
      .where('uid', 'in', providerUids)
      .execute();
  }
}

/** Removes artifacts past their expiry; run now and then so the table does not grow without bound. */
export async function sweepExpiredArtifacts(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom('oidc_artifacts').where('expires_at', '<', isoNow()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function sessionUidOf(kind: string, payload: ArtifactPayload): string | null {
  if (kind === 'Session') return payload.uid ?? null;
  return payload.sessionUid ?? null;
}

function live(row: { payload: string; expires_at: string | null; consumed_at: string | null }) {
  if (row.expires_at && row.expires_at <= isoNow()) return undefined;
  const payload = JSON.parse(row.payload) as ArtifactPayload;
  if (row.consumed_at) payload.consumed = Math.floor(Date.parse(row.consumed_at) / 1000);
  return payload;
}
