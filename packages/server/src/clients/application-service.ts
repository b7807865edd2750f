// ClientService, environment part: the environment's API clients, which are also the OAuth
// applications of the hosted login (callback URLs, token lifetime, PKCE). Every change writes its
// event in the same transaction and drops this process's cached copy of the client. A caller can
// never lock itself out: it cannot delete itself, switch off its own API access or its own
// client-credentials grant. Secrets are application-secret-service.ts.
import type { ClientService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import type { AppContext } from '../app-context.ts';
import { failedPrecondition, invalidArgument, notFound } from '../contract/api-error.ts';
import type { CallContext, ServiceHandlers } from '../contract/service-registry.ts';
import { newId } from '../store/ids.ts';
import { pageTokens } from '../util/keyset-page.ts';
import { decodeCursor, pageSize } from '../util/page-token.ts';
import { isoNow } from '../util/time.ts';
import { applyFields, blankApplication, maskedFields, presentFields } from './application-fields.ts';
import * as input from './application-input.ts';
import { applicationEvent, requireApplication } from './application-events.ts';
import { toClient } from './application-mapper.ts';
import * as store from './application-store.ts';
import type { ApplicationRow } from './application-store.ts';
import { newSecretRow } from './client-secrets.ts';
import { toClientSecret } from './org-client-mapper.ts';

type Handlers = ServiceHandlers<typeof ClientService>;

/** Refuses a change that would leave the calling client unable to call the API again. */
function keepCallerAccess(call: CallContext, next: ApplicationRow): void {
  if (next.id !== call.principal.clientId) return;
  if (next.disallow_api_access === 1) {
    throw failedPrecondition('a client cannot switch off its own API access; use another environment client');
  }
  const grants = JSON.parse(next.grant_types) as string[];
  if (grants.length > 0 && !grants.includes('client_credentials')) {
    throw failedPrecondition('a client cannot remove its own client_credentials grant; use another client');
  }
}

export function applicationHandlers(ctx: AppContext): Handlers {
  return {
    async getClient(req) {
      const row = await requireApplication(ctx.db, req.clientId);
      return { client: toClient(row, await store.allSecretsOf(ctx.db, [row.id])) };
    },

    /** Plain secrets are never stored, so include_plain_secret has nothing to add. */
    async listClient(req) {
      const types = (req.filter?.clientType ?? []).map(input.clientType);
      const size = pageSize(req.pageSize);
      const page = await store.pageOfApplications(ctx.db, types, decodeCursor(req.pageToken), size);
      const secrets = await store.allSecretsOf(
        ctx.db,
        page.rows.map((r) => r.id),
      );
      return {
        clients: page.rows.map((row) => toClient(row, secrets)),
        totalSize: page.total,
        ...pageTokens(page, (row) => row.id),
      };
    },

    async createClient(req) {
      const fields = req.client;
      if (!fields) throw invalidArgument('client is required');
      if (!fields.name.trim()) throw invalidArgument('name is required');
      const type = input.clientType(fields.clientType);
      const row = applyFields(blankApplication(newId('skc'), type, isoNow()), fields, presentFields);
      const secret = await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('api_clients').values(row).execute();
        // A public client (a browser or mobile app) cannot keep a secret, so it gets none.
        const made = type === 'confidential' ? await newSecretRow(trx, row.id) : undefined;
        const secrets = made ? [{ ...made.row, revoked_at: null }] : [];
        await applicationEvent(ctx, trx, 'client.created', row, secrets);
        return made;
      });
      const client = toClient(row, []);
      // The only answer that ever carries the secret's value.
      if (secret) {
        client.secrets = [{ ...toClientSecret(secret.row), plainSecret: secret.plainSecret }];
      }
      return { client };
    },

    async updateClient(req, call) {
      const fields = req.client;
      if (!fields) throw invalidArgument('client is required');
      const sent = maskedFields(req.mask);
      await requireApplication(ctx.db, req.clientId);
      const result = await ctx.db.transaction().execute(async (trx) => {
        const current = await store.lockApplication(trx, ctx.store.engine, req.clientId);
        if (!current) throw notFound(`client ${req.clientId} not found`);
        const next = { ...applyFields(current, fields, sent), updated_at: isoNow() };
        keepCallerAccess(call, next);
        const { id: _id, ...columns } = next;
        await trx.updateTable('api_clients').set(columns).where('id', '=', current.id).execute();
        const secrets = await store.allSecretsOf(trx, [current.id]);
        await applicationEvent(ctx, trx, 'client.updated', next, secrets);
        return { next, secrets };
      });
      // This process sees the change at once; other instances within their 30 s client cache.
      ctx.clients.forget(req.clientId);
      return { client: toClient(result.next, result.secrets) };
    },

    async deleteClient(req, call) {
      const row = await requireApplication(ctx.db, req.clientId);
      if (row.id === call.principal.clientId) {
        throw failedPrecondition('a client cannot delete itself; delete it with another environment client');
      }
      await ctx.db.transaction().execute(async (trx) => {
        const secrets = await store.allSecretsOf(trx, [row.id]);
        // Its secrets go with it (ON DELETE CASCADE), so /oauth/token refuses them everywhere at once.
        await trx.deleteFrom('api_clients').where('id', '=', row.id).execute();
        await applicationEvent(ctx, trx, 'client.deleted', row, secrets);
      });
      ctx.clients.forget(row.id);
      return {};
    },
  };
}
