// Webhook endpoints and their delivery log, over Gatehouse's REST API under /api/v1/webhooks.
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import { requireField, withPageDefaults } from './response.ts';
import type { Empty, PageOptions } from './types.ts';
import { apiPath } from './url.ts';
import type {
  CreateWebhookEndpointOptions,
  ListWebhookDeliveriesResponse,
  ListWebhookEndpointsResponse,
  UpdateWebhookEndpointOptions,
  WebhookEndpoint,
  WebhookEventType,
} from './webhook-types.ts';

type EndpointResponse = { endpoint: WebhookEndpoint };

export class WebhookClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** The answer carries `endpoint.secret`, shown only here and by rotateSecret: keep it. */
  async createEndpoint(url: string, options: CreateWebhookEndpointOptions = {}): Promise<EndpointResponse> {
    if (!url?.trim()) throw invalidArgument('url is required');
    return this.#endpoint('createEndpoint', {
      method: 'POST',
      path: '/api/v1/webhooks/endpoints',
      body: { url, ...options },
    });
  }

  /** In creation order; without `pageSize`, 100 per page. */
  async listEndpoints(options: PageOptions = {}): Promise<ListWebhookEndpointsResponse> {
    const res = await this.#http.request<ListWebhookEndpointsResponse>({
      method: 'GET',
      path: '/api/v1/webhooks/endpoints',
      query: { pageSize: options.pageSize, pageToken: options.pageToken },
    });
    return withPageDefaults(res, 'endpoints');
  }

  async getEndpoint(id: string): Promise<EndpointResponse> {
    return this.#endpoint('getEndpoint', { method: 'GET', path: apiPath`/api/v1/webhooks/endpoints/${id}` });
  }

  async updateEndpoint(id: string, options: UpdateWebhookEndpointOptions): Promise<EndpointResponse> {
    return this.#endpoint('updateEndpoint', {
      method: 'PATCH',
      path: apiPath`/api/v1/webhooks/endpoints/${id}`,
      body: options,
    });
  }

  async deleteEndpoint(id: string): Promise<Empty> {
    return this.#http.request<Empty>({ method: 'DELETE', path: apiPath`/api/v1/webhooks/endpoints/${id}` });
  }

  /** A new secret; the old one keeps signing alongside it for 24 hours. */
  async rotateSecret(id: string): Promise<EndpointResponse> {
    return this.#endpoint('rotateSecret', {
      method: 'POST',
      path: `${apiPath`/api/v1/webhooks/endpoints/${id}`}/secret:rotate`,
    });
  }

  /** Every attempt, newest first: status or network error, duration, next retry. */
  async listDeliveries(
    endpointId: string,
    options: { pageSize?: number; pageToken?: string } = {},
  ): Promise<ListWebhookDeliveriesResponse> {
    const res = await this.#http.request<Partial<ListWebhookDeliveriesResponse>>({
      method: 'GET',
      path: apiPath`/api/v1/webhooks/endpoints/${endpointId}/deliveries`,
      query: { pageSize: options.pageSize, pageToken: options.pageToken },
    });
    return { deliveries: res.deliveries ?? [], nextPageToken: res.nextPageToken ?? '' };
  }

  async retryDelivery(deliveryId: string): Promise<{ delivery: { id: string; status: string } }> {
    return this.#http.request({
      method: 'POST',
      path: `${apiPath`/api/v1/webhooks/deliveries/${deliveryId}`}:retry`,
    });
  }

  async listEventTypes(): Promise<{ eventTypes: WebhookEventType[] }> {
    const res = await this.#http.request<{ eventTypes?: WebhookEventType[] }>({
      method: 'GET',
      path: '/api/v1/webhooks/event-types',
    });
    return { eventTypes: res.eventTypes ?? [] };
  }

  async #endpoint(method: string, request: Parameters<HttpClient['request']>[0]): Promise<EndpointResponse> {
    const res = await this.#http.request<EndpointResponse>(request);
    return { endpoint: requireField(res, 'endpoint', method) };
  }
}
