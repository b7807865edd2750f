// ClientService, organization part: an organization's M2M clients and their secrets. A plain
// secret is returned once, by the call that makes it; only its SHA-256 is stored. Every change
// writes its event in the same transaction. The environment-client methods are application-*.ts.
import type { ClientService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { failedPrecondition, invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { requireOrganization } from '../organizations/organization-service.ts';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { pageTokens } from '../util/keyset-page.ts';
import { decodeCursor, pageSize } from '../util/page-token.ts';
import { isoNow } from '../util/time.ts';
import { MAX_SECRETS, newSecretRow } from './client-secrets.ts';
import * as input from './org-client-input.ts';
import { clientEventData, toClientSecret, toM2MClient } from './org-client-mapper.ts';
import * as store from './org-client-store.ts';
import type { ClientRow, SecretRow } from './org-client-store.ts';

type Handlers = ServiceHandlers<typeof ClientService>;

export function organizationClientHandlers(ctx: AppContext): Handlers {
  async function load(organizationId: string, clientId: string): Promise<ClientRow> {
    const org = await requireOrganization(ctx, organizationId);
    if (!clientId) throw invalidArgument('client_id is required');
    const row = await store.findClient(ctx.db, org.id, clientId);
    if (!row) throw notFound(`client ${clientId} not found in organization ${org.id}`);
    return row;
  }

  async function event(trx: Kysely<Database>, type: string, row: ClientRow, secrets: SecretRow[]) {
    await appendEvent(trx, ctx.environmentId, {
      type,
      organizationId: row.organization_id,
      object: 'OrganizationClient',
      data: clientEventData(row, secrets),
    });
  }

  return {
    async createOrganizationClient(req) {
      const org = await requireOrganization(ctx, req.organizationId);
      const fields = req.client;
      if (!fields) throw invalidArgument('client is required');
      input.expiry(fields.expiry);
      const now = isoNow();
      const row: ClientRow = {
        id: newId('skc'),
        name: input.name(fields.name),
        description: input.description(fields.description),
        kind: 'organization',
        organization_id: org.id,
        scopes: JSON.stringify(input.scopes(fields.scopes)),
        audience: JSON.stringify(input.audience(fields.audience)),
        custom_claims: JSON.stringify(input.customClaims(fields.customClaims)),
        created_at: now,
        updated_at: now,
      };
      const created = await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('api_clients').values(row).execute();
        const secret = await newSecretRow(trx, row.id);
        await event(trx, 'organization.client_created', row, [secret.row]);
        return secret;
      });
      return { client: toM2MClient(row, [created.row]), plainSecret: created.plainSecret };
    },

    async getOrganizationClient(req) {
      const row = await load(req.organizationId, req.clientId);
      return { client: toM2MClient(row, await store.secretsOf(ctx.db, [row.id])) };
    },

    async listOrganizationClients(req) {
      const org = await requireOrganization(ctx, req.organizationId);
      const page = await store.pageOfClients(
        ctx.db,
        org.id,
        decodeCursor(req.pageToken),
        pageSize(req.pageSize),
      );
      const secrets = await store.secretsOf(
        ctx.db,
        page.rows.map((r) => r.id),
      );
      return {
        clients: page.rows.map((row) => toM2MClient(row, secrets)),
        totalSize: page.total,
        ...pageTokens(page, (row) => row.id),
      };
    },

    /** Changes the fields sent: the contract has no update mask, so an empty field means "keep". */
    async updateOrganizationClient(req) {
      const current = await load(req.organizationId, req.clientId);
      const fields = req.client;
      if (!fields) throw invalidArgument('client is required');
      input.expiry(fields.expiry);
      const next: ClientRow = { ...current, updated_at: isoNow() };
      if (fields.name) next.name = input.name(fields.name);
      if (fields.description) next.description = input.description(fields.description);
      if (fields.scopes.length > 0) next.scopes = JSON.stringify(input.scopes(fields.scopes));
      if (fields.audience.length > 0) next.audience = JSON.stringify(input.audience(fields.audience));
      if (fields.customClaims.length > 0) {
        next.custom_claims = JSON.stringify(input.customClaims(fields.customClaims));
      }
      const secrets = await store.secretsOf(ctx.db, [current.id]);
      await ctx.db.transaction().execute(async (trx) => {
        const { id: _id, ...columns } = next;
        await trx.updateTable('api_clients').set(columns).where('id', '=', current.id).execute();
        await event(trx, 'organization.client_updated', next, secrets);
      });
      // New scopes and claims apply to this process's next token at once; elsewhere within 30 s.
      ctx.clients.forget(current.id);
      return { client: toM2MClient(next, secrets) };
    },

    async deleteOrganizationClient(req) {
      const row = await load(req.organizationId, req.clientId);
      const secrets = await store.secretsOf(ctx.db, [row.id]);
      await ctx.db.transaction().execute(async (trx) => {
        // Its secrets go with it (ON DELETE CASCADE), so /oauth/token refuses them everywhere at once.
        await trx.deleteFrom('api_clients').where('id', '=', row.id).execute();
        await event(trx, 'organization.client_deleted', row, secrets);
      });
      // This process stops accepting the client's tokens now; other instances after their 30 s cache.
      ctx.clients.forget(row.id);
      return {};
    },

    async createOrganizationClientSecret(req) {
      const row = await load(req.organizationId, req.clientId);
      const created = await ctx.db.transaction().execute(async (trx) => {
        const live = await store.secretsOf(trx, [row.id]);
        if (live.length >= MAX_SECRETS) {
          throw failedPrecondition(`a client has at most ${MAX_SECRETS} secrets; delete one first`);
        }
        const secret = await newSecretRow(trx, row.id);
        await event(trx, 'organization.client_secret_created', row, [...live, secret.row]);
        return secret;
      });
      return { plainSecret: created.plainSecret, secret: toClientSecret(created.row) };
    },

    async deleteOrganizationClientSecret(req) {
      const row = await load(req.organizationId, req.clientId);
      if (!req.secretId) throw invalidArgument('secret_id is required');
      await ctx.db.transaction().execute(async (trx) => {
        const live = await store.secretsOf(trx, [row.id]);
        if (!live.some((s) => s.id === req.secretId)) {
          throw notFound(`secret ${req.secretId} not found on client ${row.id}`);
        }
        // Secrets are checked against the database on every token request: this takes effect at once.
        await trx.deleteFrom('client_secrets').where('id', '=', req.secretId).execute();
        await event(
          trx,
          'organization.client_secret_deleted',
          row,
          live.filter((s) => s.id !== req.secretId),
        );
      });
      return {};
    },
  };
}
