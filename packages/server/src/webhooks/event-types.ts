// The event types a webhook endpoint can subscribe to: every type the platform appends today.
import { LOGIN_EVENT_TYPES } from '../hosted/login-events.ts';
import { SESSION_EVENT_TYPES } from '../sessions/session-events.ts';

export const ENDPOINT_DISABLED_EVENT = 'webhook.endpoint_disabled';

export const EVENT_TYPES: readonly { type: string; description: string }[] = [
  { type: 'organization.created', description: 'An organization was created' },
  { type: 'organization.updated', description: 'An organization or its settings changed' },
  { type: 'organization.deleted', description: 'An organization was deleted' },
  { type: 'organization.domain_created', description: 'A domain was added to an organization' },
  { type: 'organization.domain_verified', description: 'An organization domain was verified' },
  { type: 'organization.domain_deleted', description: 'A domain was removed from an organization' },
  { type: 'organization.portal_link_created', description: 'An admin portal link was generated' },
  { type: 'organization.portal_link_used', description: 'An admin portal link was opened' },
  { type: 'organization.portal_link_deleted', description: 'An admin portal link was revoked' },
  { type: 'organization.membership_created', description: 'A user joined an organization' },
  { type: 'organization.membership_updated', description: 'A membership’s roles or metadata changed' },
  { type: 'organization.membership_deleted', description: 'A user left an organization' },
  { type: 'organization.membership_invite_resent', description: 'An invitation was sent again' },
  { type: 'organization.client_created', description: 'An organization M2M client was created' },
  { type: 'organization.client_updated', description: 'An organization M2M client changed' },
  { type: 'organization.client_deleted', description: 'An organization M2M client was deleted' },
  { type: 'organization.client_secret_created', description: 'A secret was added to an M2M client' },
  { type: 'organization.client_secret_deleted', description: 'A secret was removed from an M2M client' },
  { type: 'user.created', description: 'A user was created' },
  { type: 'user.updated', description: 'A user changed' },
  { type: 'user.deleted', description: 'A user was deleted' },
  { type: 'user.password_changed', description: 'A user’s password was set or reset' },
  { type: 'role.created', description: 'A role was created' },
  { type: 'role.updated', description: 'A role changed' },
  { type: 'role.deleted', description: 'A role was deleted' },
  { type: 'role.default_updated', description: 'The default creator or member role changed' },
  { type: 'permission.created', description: 'A permission was created' },
  { type: 'permission.updated', description: 'A permission changed' },
  { type: 'permission.deleted', description: 'A permission was deleted' },
  ...SESSION_EVENT_TYPES,
  ...LOGIN_EVENT_TYPES,
  { type: ENDPOINT_DISABLED_EVENT, description: 'A webhook endpoint was disabled after failing' },
];
