// What the admin portal does to connections, always inside the portal session's organization. Every
// change goes through ConnectionService's own handlers (connection-service.ts), so validation,
// provider presets, status and the organization.sso_* events are exactly those of the API.
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionRequestSchema,
  DeleteConnectionRequestSchema,
  ToggleConnectionRequestSchema,
  UpdateConnectionRequestSchema,
  type UpdateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import type { CallContext } from '../contract/service-registry.ts';
import { connectionHandlers } from '../connections/connection-service.ts';
import * as store from '../connections/connection-store.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';

/** The identity providers the portal offers, with the contract's provider name of each. */
export const PORTAL_PROVIDERS = [
  { value: 'OKTA', text: 'Okta' },
  { value: 'MICROSOFT_AD', text: 'Microsoft Entra ID' },
  { value: 'GOOGLE', text: 'Google Workspace' },
  { value: 'JUMPCLOUD', text: 'JumpCloud' },
  { value: 'ONELOGIN', text: 'OneLogin' },
  { value: 'PING_IDENTITY', text: 'Ping Identity' },
  { value: 'ADFS', text: 'Microsoft AD FS' },
  { value: 'CUSTOM', text: 'Another identity provider' },
] as const;

export type UpdateFields = MessageInitShape<typeof UpdateConnectionSchema>;

export type PortalConnections = ReturnType<typeof portalConnections>;

export function portalConnections(ctx: AppContext, organizationId: string, requestId: string) {
  const handlers = connectionHandlers(ctx);
  const call: CallContext = {
    requestId,
    ip: '',
    principal: { clientId: 'admin-portal', kind: 'organization', organizationId },
  };
  const required = <T>(handler: T | undefined): T => {
    if (!handler) throw new Error('ConnectionService handler missing');
    return handler;
  };

  return {
    list: () => store.listConnections(ctx.db, { organizationId }),

    /** A connection of this organization; any other id (another organization's too) is NOT_FOUND. */
    async find(id: string): Promise<ConnectionRow> {
      const row = await store.findConnection(ctx.db, organizationId, id);
      if (!row) throw notFound(`connection ${id} not found`);
      return row;
    },

    async create(type: string, provider: string): Promise<string> {
      if (type !== 'SAML' && type !== 'OIDC') throw invalidArgument('choose SAML or OIDC');
      if (!PORTAL_PROVIDERS.some((p) => p.value === provider)) {
        throw invalidArgument('choose an identity provider from the list');
      }
      const request = create(CreateConnectionRequestSchema, {
        organizationId,
        connection: {
          type: ConnectionType[type],
          provider: ConnectionProvider[provider as keyof typeof ConnectionProvider],
        },
      });
      const { connection } = await required(handlers.createConnection)(request, call);
      const id = connection?.id;
      if (!id) throw new Error('createConnection answered without an id');
      return id;
    },

    async update(id: string, connection: UpdateFields): Promise<void> {
      const request = create(UpdateConnectionRequestSchema, { organizationId, id, connection });
      await required(handlers.updateConnection)(request, call);
    },

    async toggle(id: string, enabled: boolean): Promise<void> {
      const request = create(ToggleConnectionRequestSchema, { organizationId, id });
      await required(enabled ? handlers.enableConnection : handlers.disableConnection)(request, call);
    },

    async remove(id: string): Promise<void> {
      await required(handlers.deleteConnection)(
        create(DeleteConnectionRequestSchema, { organizationId, id }),
        call,
      );
    },
  };
}
