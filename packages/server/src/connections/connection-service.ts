// ConnectionService, configuration part: enterprise SSO connections of an organization or of the
// whole environment. Each org-level method and its environment twin share one implementation;
// every change writes its organization.sso_* event in the same transaction. Test results come from
// sso/connection-test/; the agent-auth methods answer UNIMPLEMENTED.
import {
  ConnectionProvider,
  type ConnectionService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { failedPrecondition, invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { requireOrganization } from '../organizations/organization-service.ts';
import type { Database } from '../store/schema.ts';
import { newConnectionRow, type updatedConnectionRow } from './connection-build.ts';
import { applyConnectionUpdate } from './connection-update.ts';
import { assignDomains } from './connection-domains.ts';
import { listHandlers } from './connection-lists.ts';
import { getConnectionTestResult } from '../sso/connection-test/test-result.ts';
import { connectionEventData, toConnection } from './connection-mapper.ts';
import * as store from './connection-store.ts';
import { withSimulatorIdp } from '../sso/simulator/simulator-connection.ts';
import { refuseSimulatorWhenOff } from '../sso/simulator/simulator-switch.ts';
import type { ConnectionRow } from './connection-store.ts';

type Handlers = ServiceHandlers<typeof ConnectionService>;

export function connectionHandlers(ctx: AppContext): Handlers {
  const mapContext = { publicUrl: ctx.config.publicUrl, environmentId: ctx.environmentId };

  /** `organizationId` null: an environment-level connection. Another scope's id is NOT_FOUND. */
  async function load(organizationId: string | null, id: string): Promise<ConnectionRow> {
    if (organizationId !== null) await requireOrganization(ctx, organizationId);
    if (!id) throw invalidArgument('connection id is required');
    const row = await store.findConnection(ctx.db, organizationId, id);
    if (!row) throw notFound(`connection ${id} not found`);
    return row;
  }

  async function full(row: ConnectionRow) {
    return { connection: toConnection(row, await store.domainsOf(ctx.db, [row.id]), mapContext) };
  }

  async function event(trx: Kysely<Database>, type: string, row: ConnectionRow): Promise<void> {
    await appendEvent(trx, ctx.environmentId, {
      type,
      organizationId: row.organization_id,
      object: 'Connection',
      data: connectionEventData(row),
    });
  }

  async function create(
    organizationId: string | null,
    fields: Parameters<typeof newConnectionRow>[1] | undefined,
  ) {
    if (organizationId !== null) await requireOrganization(ctx, organizationId);
    if (!fields) throw invalidArgument('connection is required');
    const row = await withSimulatorIdp(ctx, newConnectionRow(organizationId, fields));
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('connections').values(row).execute();
      await event(trx, 'organization.sso_created', row);
    });
    return full(row);
  }

  async function update(
    organizationId: string | null,
    id: string,
    fields: Parameters<typeof updatedConnectionRow>[1] | undefined,
  ) {
    if (!fields) throw invalidArgument('connection is required');
    if (fields.provider) refuseSimulatorWhenOff(ctx, ConnectionProvider[fields.provider] ?? '');
    // One update path for the API and the portal's metadata import (connection-update.ts).
    return full(await applyConnectionUpdate(ctx, await load(organizationId, id), fields));
  }

  /** Idempotent: only the call that flips the switch writes the event. */
  async function toggle(organizationId: string | null, id: string, enabled: boolean) {
    const current = await load(organizationId, id);
    if (enabled) refuseSimulatorWhenOff(ctx, current.provider);
    if (enabled && current.status !== 'COMPLETED') {
      throw failedPrecondition(`connection ${id} is not fully configured (status ${current.status})`);
    }
    await ctx.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('connections')
        .set({ enabled: enabled ? 1 : 0, updated_at: new Date().toISOString() })
        .where('id', '=', current.id)
        .where('enabled', '=', enabled ? 0 : 1)
        .returningAll()
        .executeTakeFirst();
      if (changed)
        await event(trx, enabled ? 'organization.sso_enabled' : 'organization.sso_disabled', changed);
    });
    return { enabled };
  }

  async function remove(organizationId: string | null, id: string) {
    const row = await load(organizationId, id);
    await ctx.db.transaction().execute(async (trx) => {
      // Its domain assignments go with it (ON DELETE CASCADE).
      await trx.deleteFrom('connections').where('id', '=', row.id).execute();
      await event(trx, 'organization.sso_deleted', row);
    });
    return {};
  }

  return {
    createConnection: (req) => create(requiredOrg(req.organizationId), req.connection),
    createEnvironmentConnection: (req) => create(null, req.connection),
    async getConnection(req) {
      return full(await load(requiredOrg(req.organizationId), req.id));
    },
    async getEnvironmentConnection(req) {
      return full(await load(null, req.connectionId));
    },
    updateConnection: (req) => update(requiredOrg(req.organizationId), req.id, req.connection),
    updateEnvironmentConnection: (req) => update(null, req.connectionId, req.connection),
    enableConnection: (req) => toggle(requiredOrg(req.organizationId), req.id, true),
    disableConnection: (req) => toggle(requiredOrg(req.organizationId), req.id, false),
    enableEnvironmentConnection: (req) => toggle(null, req.connectionId, true),
    disableEnvironmentConnection: (req) => toggle(null, req.connectionId, false),
    deleteConnection: (req) => remove(requiredOrg(req.organizationId), req.id),
    deleteEnvironmentConnection: (req) => remove(null, req.connectionId),
    async assignDomainsToConnection(req) {
      const row = await load(requiredOrg(req.organizationId), req.connectionId);
      await assignDomains(ctx, row, req.domainIds, (trx, r) => event(trx, 'organization.sso_updated', r));
      return full(row);
    },
    getConnectionTestResult: (req) => getConnectionTestResult(ctx, req),
    ...listHandlers(ctx),
  };
}

function missingOrg(): never {
  throw invalidArgument('organization id is required');
}

/** The org-level routes always carry the organization; over gRPC it must be sent too. */
function requiredOrg(organizationId: string): string {
  return organizationId || missingOrg();
}
