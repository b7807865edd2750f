// Shapes of the webhook API (Gatehouse's own; the contract has no webhook service), camelCased.
import type { Page, Timestamp } from './types.ts';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: string[];
  enabled: boolean;
  /** Why the server disabled it (HTTP 410, or five days of failures). */
  disabledReason?: string;
  createTime: Timestamp;
  updateTime: Timestamp;
  /** `whsec_…`: only in the answers of createEndpoint and rotateSecret. */
  secret?: string;
}

export interface ListWebhookEndpointsResponse extends Page {
  endpoints: WebhookEndpoint[];
}

export interface CreateWebhookEndpointOptions {
  description?: string;
  eventTypes?: string[];
  enabled?: boolean;
}

export interface UpdateWebhookEndpointOptions {
  url?: string;
  description?: string;
  eventTypes?: string[];
  enabled?: boolean;
}

export interface WebhookDeliveryAttempt {
  id: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  attemptTime: Timestamp;
  /** Absent when the request got no HTTP answer (see `error`). */
  statusCode?: number;
  error?: string;
  durationMs: number;
  nextRetryTime?: Timestamp;
  deliveryStatus: 'pending' | 'succeeded' | 'failed';
}

export interface ListWebhookDeliveriesResponse {
  deliveries: WebhookDeliveryAttempt[];
  nextPageToken: string;
}

export interface WebhookEventType {
  type: string;
  description: string;
}

/** The body of every delivery. */
export interface WebhookEvent<T = Record<string, unknown>> {
  id: string;
  specVersion: string;
  eventType: string;
  type: string;
  occurredAt: Timestamp;
  environmentId: string;
  organizationId: string | null;
  object: string;
  data: T;
}
