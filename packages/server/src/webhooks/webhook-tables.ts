// The table types of webhooks (migration 0003), kept beside the code that owns them.
export interface WebhookEndpointTable {
  id: string;
  url: string;
  description: string;
  /** JSON array of event types; [] means every type. */
  event_types: string;
  enabled: number;
  disabled_reason: string | null;
  /** The signing secret (whsec_…), sealed with the master key: it must be recoverable to sign. */
  secret: string;
  /** After a rotation, the old secret keeps signing alongside until previous_secret_expires_at. */
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  /** When the current run of failed attempts began; cleared by any success. */
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  /** events.seq: the order deliveries are claimed in. A string from PostgreSQL's bigint. */
  event_seq: number | string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  /** A claim's lease: a crashed instance's claims become claimable again when it passes. */
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptTable {
  id: string;
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  attempted_at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  next_retry_at: string | null;
}
