// Public surface of @gatehouse/sdk. `Scalekit` and `ScalekitClient` are the same class as
// `Gatehouse`, so code written from Scalekit's documentation ports by changing only the import.
export {
  Gatehouse,
  Gatehouse as Scalekit,
  Gatehouse as ScalekitClient,
  type GatehouseOptions,
} from './gatehouse.ts';
export { Gatehouse as default } from './gatehouse.ts';
export { GatehouseError, type ErrorCode, type GatehouseErrorInit } from './errors.ts';
export type { KnownErrorCode } from './error-codes.ts';
export type { OrganizationClient } from './organization.ts';
export type * from './organization-types.ts';
export type { DomainClient } from './domain.ts';
export type { ConnectionClient } from './connection.ts';
export type * from './connection-types.ts';
export type * from './domain-types.ts';
export type { RoleClient } from './role.ts';
export type { PermissionClient } from './permission.ts';
export type * from './role-types.ts';
export type { PasswordlessClient } from './passwordless.ts';
export type * from './passwordless-types.ts';
export type { SessionClient } from './session.ts';
export type * from './session-types.ts';
export type { UserClient } from './user.ts';
export type { UserMembershipClient } from './user-membership.ts';
export type * from './user-types.ts';
export type * from './types.ts';
export type { EventClient } from './event.ts';
export type * from './event-types.ts';
export type { WebhookClient } from './webhook.ts';
export type * from './webhook-types.ts';
export { verifyWebhookPayload, type WebhookHeaders } from './webhook-verify.ts';
export type { M2MClients } from './m2m.ts';
export type { EnvironmentClients } from './clients.ts';
export type * from './client-types.ts';
