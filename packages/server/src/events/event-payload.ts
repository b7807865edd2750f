// The wire form of an event, as webhook receivers and ListEvents readers see it. `event_type` is
// what Scalekit's documented handlers read; `type` is the Standard Webhooks / official SDK name.
import type { Selectable } from 'kysely';
import type { EventTable } from '../store/schema.ts';

export type EventRow = Pick<
  Selectable<EventTable>,
  'id' | 'type' | 'occurred_at' | 'environment_id' | 'organization_id' | 'object' | 'data'
>;

export function eventJson(row: EventRow): Record<string, unknown> {
  return {
    id: row.id,
    spec_version: '1',
    event_type: row.type,
    type: row.type,
    occurred_at: row.occurred_at,
    environment_id: row.environment_id,
    organization_id: row.organization_id,
    object: row.object,
    data: JSON.parse(row.data) as unknown,
  };
}
