// ClientService, environment part: the secrets of an environment client. A new secret's value is
// returned once; a secret can be deactivated (INACTIVE: /oauth/token refuses it at once, since
// secrets are checked against the database on every request) and reactivated, or deleted. A
// confidential client always keeps one usable secret, so an admin cannot lock an application (or
// themselves) out by rotating carelessly: the last one is refused with FAILED_PRECONDITION.
import {
  ClientSecretStatus,
  type ClientService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { failedPrecondition, invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import type { Database } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';
import { applicationEvent, requireApplication } from './application-events.ts';
import * as store from './application-store.ts';
import type { ApplicationRow, ApplicationSecretRow } from './application-store.ts';
import { MAX_SECRETS, newSecretRow } from './client-secrets.ts';
import { toClientSecret } from './org-client-mapper.ts';

type Handlers = ServiceHandlers<typeof ClientService>;

interface Locked {
  row: ApplicationRow;
  secrets: ApplicationSecretRow[];
}

/** The client locked for the rest of the transaction, with all its secrets. */
async function lockWithSecrets(ctx: AppContext, trx: Kysely<Database>, clientId: string): Promise<Locked> {
  const row = await store.lockApplication(trx, ctx.store.engine, clientId);
  if (!row) throw notFound(`client ${clientId} not found`);
  return { row, secrets: await store.allSecretsOf(trx, [row.id]) };
}

function secretOf(locked: Locked, secretId: string): ApplicationSecretRow {
  if (!secretId) throw invalidArgument('secret_id is required');
  const secret = locked.secrets.find((s) => s.id === secretId);
  if (!secret) throw notFound(`secret ${secretId} not found on client ${locked.row.id}`);
  return secret;
}

/** Refuses taking `secret` out of use when it is the client's last usable one. */
function keepOneUsable(locked: Locked, secret: ApplicationSecretRow, action: string): void {
  const now = isoNow();
  if (!store.isUsable(secret, now)) return;
  const others = locked.secrets.filter((s) => s.id !== secret.id && store.isUsable(s, now));
  if (others.length === 0) {
    throw failedPrecondition(
      `cannot ${action} the last active secret of client ${locked.row.id}: create a new secret first`,
    );
  }
}

export function applicationSecretHandlers(ctx: AppContext): Handlers {
  return {
    async createClientSecret(req) {
      await requireApplication(ctx.db, req.clientId);
      const created = await ctx.db.transaction().execute(async (trx) => {
        const locked = await lockWithSecrets(ctx, trx, req.clientId);
        if (locked.row.client_type === 'public') {
          throw failedPrecondition('a public client has no secrets: it proves itself with PKCE');
        }
        if (locked.secrets.length >= MAX_SECRETS) {
          throw failedPrecondition(`a client has at most ${MAX_SECRETS} secrets; delete one first`);
        }
        const made = await newSecretRow(trx, locked.row.id);
        const secrets = [...locked.secrets, { ...made.row, revoked_at: null }];
        await applicationEvent(ctx, trx, 'client.secret_created', locked.row, secrets);
        return made;
      });
      return { plainSecret: created.plainSecret, secret: toClientSecret(created.row) };
    },

    async updateClientSecret(req) {
      await requireApplication(ctx.db, req.clientId);
      if (!req.secret) throw invalidArgument('secret is required (its status: ACTIVE or INACTIVE)');
      const active = req.secret.status === ClientSecretStatus.ACTIVE;
      const updated = await ctx.db.transaction().execute(async (trx) => {
        const locked = await lockWithSecrets(ctx, trx, req.clientId);
        const secret = secretOf(locked, req.secretId);
        if (!active) keepOneUsable(locked, secret, 'deactivate');
        // Deactivating again keeps the first deactivation time; activating clears it.
        const revokedAt = active ? null : (secret.revoked_at ?? isoNow());
        await trx
          .updateTable('client_secrets')
          .set({ revoked_at: revokedAt })
          .where('id', '=', secret.id)
          .execute();
        const next = { ...secret, revoked_at: revokedAt };
        const secrets = locked.secrets.map((s) => (s.id === secret.id ? next : s));
        await applicationEvent(ctx, trx, 'client.secret_updated', locked.row, secrets);
        return next;
      });
      return { secret: toClientSecret(updated) };
    },

    async deleteClientSecret(req) {
      await requireApplication(ctx.db, req.clientId);
      await ctx.db.transaction().execute(async (trx) => {
        const locked = await lockWithSecrets(ctx, trx, req.clientId);
        const secret = secretOf(locked, req.secretId);
        keepOneUsable(locked, secret, 'delete');
        await trx.deleteFrom('client_secrets').where('id', '=', secret.id).execute();
        const secrets = locked.secrets.filter((s) => s.id !== secret.id);
        await applicationEvent(ctx, trx, 'client.secret_deleted', locked.row, secrets);
      });
      return {};
    },
  };
}
