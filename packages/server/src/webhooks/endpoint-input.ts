// Validation of the webhook endpoint API's bodies, at the edge: anything malformed is a 400 that
// names the field before any logic runs.
import { z } from 'zod';
import { invalidArgument } from '../contract/api-error.ts';
import { literalAddressProblem } from './outbound.ts';

const eventType = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'must look like user.created')
  .max(100);

const url = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

const createSchema = z.strictObject({
  url,
  description: z.string().max(500).optional(),
  event_types: z.array(eventType).max(100).optional(),
  enabled: z.boolean().optional(),
});

const updateSchema = z.strictObject({
  url: url.optional(),
  description: z.string().max(500).optional(),
  event_types: z.array(eventType).max(100).optional(),
  enabled: z.boolean().optional(),
});

export type CreateEndpointInput = z.infer<typeof createSchema>;
export type UpdateEndpointInput = z.infer<typeof updateSchema>;

/** The REST API takes proto-style snake_case; camelCase is accepted too, as the contract's REST does. */
function snakeKeys(body: unknown): unknown {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k === 'eventTypes' ? 'event_types' : k] = v;
  return out;
}

function parse<T>(schema: z.ZodType<T>, body: unknown, allowPrivate: boolean): T {
  const result = schema.safeParse(snakeKeys(body));
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw invalidArgument(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  const value = result.data as { url?: string };
  if (value.url) {
    const problem = literalAddressProblem(new URL(value.url), allowPrivate);
    if (problem) throw invalidArgument(`url: ${problem}; webhooks may not target private addresses`);
  }
  return result.data;
}

export const parseCreate = (body: unknown, allowPrivate: boolean): CreateEndpointInput =>
  parse(createSchema, body, allowPrivate);
export const parseUpdate = (body: unknown, allowPrivate: boolean): UpdateEndpointInput =>
  parse(updateSchema, body, allowPrivate);
