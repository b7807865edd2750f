// The server's REST JSON uses proto field names (snake_case); SDK users write and read camelCase,
// like the official SDK's protobuf-es objects. Keys are renamed recursively in both directions,
// except inside maps whose keys are chosen by the user (metadata and the like): those keys are data,
// and renaming them would corrupt what the user stored.

/** Fields (in camelCase) whose value is a user-keyed map: copied as-is, never renamed inside. */
const USER_KEYED_FIELDS = new Set([
  'metadata',
  'customAttributes',
  'customClaims',
  'attributeMapping',
  'templateVariables',
  'extraAuthorizeParams',
  'protectedMetadata',
  // An event's object (ListEvents), kept exactly as webhooks deliver it.
  'data',
]);

export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function keysToCamel<T = unknown>(value: unknown): T {
  return renameKeys(value, snakeToCamel) as T;
}

export function keysToSnake(value: unknown): unknown {
  return renameKeys(value, camelToSnake);
}

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const converted = USER_KEYED_FIELDS.has(snakeToCamel(key)) ? inner : renameKeys(inner, rename);
    // defineProperty, not assignment: a "__proto__" key from the wire must stay plain data.
    Object.defineProperty(out, rename(key), {
      value: converted,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

// Only JSON-like objects are walked; Dates, class instances and the like pass through untouched.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
