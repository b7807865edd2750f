// Shapes of the events API (scalekit.v1.events), camelCased. `data` is the event's object exactly
// as webhooks deliver it: its keys are never renamed.
import type { Page, PageOptions, Timestamp } from './types.ts';

export interface ScalekitEvent {
  id: string;
  specVersion: string;
  /** e.g. `organization.created` */
  type: string;
  occurredAt: Timestamp;
  environmentId: string;
  /** Absent for events about no organization (roles, permissions, users). */
  organizationId?: string;
  /** The contract's ObjectType name, e.g. `Organization`; `OBJECT_TYPE_UNSPECIFIED` when it has none. */
  object: string;
  data: Record<string, unknown>;
  displayName: string;
}

export interface EventFilter {
  eventTypes?: string[];
  /** Inclusive; an RFC 3339 string or a Date. */
  startTime?: Timestamp | Date;
  /** Exclusive; an RFC 3339 string or a Date. */
  endTime?: Timestamp | Date;
  organizationId?: string;
  source?: 'SOURCE_UNSPECIFIED' | 'SCALEKIT' | 'DIR_SYNC';
  authRequestId?: string;
  interceptorId?: string;
  interceptorStatus?: string;
  interceptorDecision?: string;
  connectionId?: string;
  connectedAccountId?: string;
}

export interface ListEventsOptions extends PageOptions {
  filter?: EventFilter;
}

/** Newest first. */
export interface ListEventsResponse extends Page {
  events: ScalekitEvent[];
}

/** As ListEventsResponse, without the count. */
export type ListEventsPaginatedResponse = Omit<ListEventsResponse, 'totalSize'>;
