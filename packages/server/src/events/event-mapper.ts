// A stored event as the contract's ScalekitEvent. The fields come from the webhook payload builder,
// so ListEvents and webhook deliveries agree on every value the message can carry.
import type { JsonObject, MessageInitShape } from '@bufbuild/protobuf';
import {
  ObjectType,
  type ScalekitEventSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js';
import { toTimestamp } from '../util/time.ts';
import { EVENT_TYPES } from '../webhooks/event-types.ts';
import { eventJson, type EventRow } from './event-payload.ts';

// Our object names where the contract's ObjectType spells them differently.
const OBJECT_ALIASES: Record<string, ObjectType> = { OrganizationMembership: ObjectType.OrgMembership };

const DISPLAY_NAMES = new Map(EVENT_TYPES.map((t) => [t.type, t.description]));

/** An object name without a contract counterpart (PortalLink, WebhookEndpoint) is UNSPECIFIED. */
export function objectType(name: string): ObjectType {
  const named = (ObjectType as unknown as Record<string, ObjectType | string>)[name];
  return OBJECT_ALIASES[name] ?? (typeof named === 'number' ? named : ObjectType.OBJECT_TYPE_UNSPECIFIED);
}

export function toScalekitEvent(row: EventRow): MessageInitShape<typeof ScalekitEventSchema> {
  const json = eventJson(row);
  return {
    specVersion: String(json.spec_version),
    id: row.id,
    type: row.type,
    occurredAt: toTimestamp(row.occurred_at),
    environmentId: row.environment_id,
    ...(row.organization_id === null ? {} : { organizationId: row.organization_id }),
    object: objectType(row.object),
    data: json.data as JsonObject,
    displayName: DISPLAY_NAMES.get(row.type) ?? row.type,
  };
}
