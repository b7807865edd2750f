// Turns a REST request into the method's request message (body, path parameters and query string,
// as google.api.http defines) and its response message into proto-named JSON.
import {
  create,
  fromJson,
  toJson,
  type DescField,
  type DescMessage,
  type JsonValue,
} from '@bufbuild/protobuf';
import { invalidArgument } from './api-error.ts';
import type { RestMatch } from './rest-routes.ts';

export function buildRequestMessage(match: RestMatch, body: unknown, query: URLSearchParams): unknown {
  const { route, pathParams } = match;
  const input = route.entry.method.input;
  let json: Record<string, unknown> = {};
  const bodyField = route.binding.body;
  if (bodyField === '*') {
    if (body !== undefined) json = asObject(body, 'request body');
  } else if (bodyField !== '') {
    if (body !== undefined) json[bodyField] = body;
  }
  for (const [fieldPath, value] of pathParams) setPath(input, json, fieldPath, [value], 'path');
  // Query parameters fill the fields the body does not; with body "*" there are none left to fill.
  if (bodyField !== '*') {
    for (const key of new Set(query.keys())) {
      if (key === bodyField || key.startsWith(`${bodyField}.`)) continue;
      setPath(input, json, key, query.getAll(key), 'query');
    }
  }
  try {
    return fromJson(input, json as JsonValue, { ignoreUnknownFields: false });
  } catch (error) {
    // protobuf-es names the enum but not the field for an unknown enum value; name the field.
    const enumField = unknownEnumField(input, json, '');
    throw invalidArgument(`${enumField ? `${enumField}: ` : ''}${describeDecodeError(error)}`);
  }
}

/** The proto path of the first enum field (or enum list item) holding a name the enum does not have. */
function unknownEnumField(desc: DescMessage, json: unknown, path: string): string | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  for (const [key, value] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.name === key || f.jsonName === key);
    if (!field) continue;
    const where = path ? `${path}.${field.name}` : field.name;
    const known = (enumDesc: { values: { name: string }[] }, v: unknown) =>
      typeof v !== 'string' || enumDesc.values.some((e) => e.name === v);
    if (field.fieldKind === 'enum' && !known(field.enum, value)) return where;
    if (field.fieldKind === 'list' && field.listKind === 'enum' && Array.isArray(value)) {
      if (value.some((item) => !known(field.enum, item))) return where;
    }
    if (field.fieldKind === 'message') {
      const inner = unknownEnumField(field.message, value, where);
      if (inner) return inner;
    }
  }
  return undefined;
}

export function responseToJson(output: DescMessage, init: unknown): JsonValue {
  const message = create(output, init as never);
  return toJson(output, message, { useProtoFieldName: true, alwaysEmitImplicit: true });
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Sets a dotted field path from string values, converting them to the JSON the field expects. */
function setPath(
  message: DescMessage,
  json: Record<string, unknown>,
  fieldPath: string,
  values: string[],
  source: 'path' | 'query',
): void {
  const names = fieldPath.split('.');
  let desc: DescMessage = message;
  let target = json;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const field = desc.fields.find((f) => f.name === name || f.jsonName === name);
    if (!field) {
      // Unknown query parameters (cache busters, tracking) are ignored, as REST gateways do.
      if (source === 'query') return;
      throw invalidArgument(`unknown field "${fieldPath}"`);
    }
    const last = i === names.length - 1;
    if (!last) {
      if (field.fieldKind !== 'message') throw invalidArgument(`field "${fieldPath}" is not a message`);
      const next = (target[field.name] as Record<string, unknown> | undefined) ?? {};
      target[field.name] = next;
      target = next;
      desc = field.message;
      continue;
    }
    target[field.name] = convertValues(field, values, fieldPath);
  }
}

function convertValues(field: DescField, values: string[], fieldPath: string): unknown {
  if (field.fieldKind === 'list') {
    return values
      .flatMap((v) => v.split(','))
      .map((v) => scalarJson(field.listKind === 'scalar' ? field.scalar : undefined, v, fieldPath));
  }
  const value = values[values.length - 1] ?? '';
  if (field.fieldKind === 'scalar') return scalarJson(field.scalar, value, fieldPath);
  if (field.fieldKind === 'enum') return /^-?\d+$/.test(value) ? Number(value) : value;
  if (field.fieldKind === 'message' && field.message.typeName === 'google.protobuf.FieldMask') {
    // As grpc-gateway does, a query-string mask takes proto names (update_mask=display_name); the
    // JSON form of a FieldMask wants lowerCamelCase, so convert (camelCase paths pass unchanged).
    return values
      .flatMap((v) => v.split(','))
      .map((p) => p.trim().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()))
      .join(',');
  }
  if (field.fieldKind === 'message' && field.message.typeName.startsWith('google.protobuf.')) {
    // Well-known wrappers and timestamps take their plain JSON form.
    const inner = field.message.fields[0];
    if (field.message.typeName.endsWith('Value') && inner?.fieldKind === 'scalar') {
      return scalarJson(inner.scalar, value, fieldPath);
    }
    return value;
  }
  throw invalidArgument(`field "${fieldPath}" cannot be set from the query string`);
}

// ScalarType numbers from protobuf: 8 = bool, 9 = string, 12 = bytes; the rest are numeric.
function scalarJson(scalar: number | undefined, value: string, fieldPath: string): unknown {
  if (scalar === 8) {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw invalidArgument(`field "${fieldPath}" expects true or false, got ${JSON.stringify(value)}`);
  }
  if (scalar === undefined || scalar === 9 || scalar === 12) return value;
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) {
    throw invalidArgument(`field "${fieldPath}" expects a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** protobuf-es names the message and field in its errors; keep that, drop the package noise. */
function describeDecodeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/scalekit\.v1\.[a-z_]+\./g, '');
}
