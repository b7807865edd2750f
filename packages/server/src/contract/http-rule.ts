// Reads each method's google.api.http rule. The descriptors keep the annotation as an unknown
// field (72295728) on MethodOptions, holding the serialized google.api.HttpRule; we decode it once
// at start-up with the protobuf wire reader.
import type { DescMethod } from '@bufbuild/protobuf';
import { BinaryReader, type WireType } from '@bufbuild/protobuf/wire';

export interface HttpBinding {
  verb: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  /** '' (no body), '*' (the whole request) or the name of one request field. */
  body: string;
}

const HTTP_RULE_EXTENSION = 72295728;
const VERB_FIELDS: Record<number, HttpBinding['verb']> = {
  2: 'GET',
  3: 'PUT',
  4: 'POST',
  5: 'DELETE',
  6: 'PATCH',
};
const FIELD_BODY = 7;
const FIELD_ADDITIONAL_BINDINGS = 11;

export function httpBindings(method: DescMethod): HttpBinding[] {
  const unknown = (method.proto.options as { $unknown?: { no: number; data: Uint8Array }[] } | undefined)
    ?.$unknown;
  const raw = unknown?.find((u) => u.no === HTTP_RULE_EXTENSION)?.data;
  if (!raw) return [];
  // The stored unknown field keeps its length prefix (not its tag); read past it to the rule.
  return decodeRule(new BinaryReader(raw).bytes());
}

function decodeRule(bytes: Uint8Array): HttpBinding[] {
  const reader = new BinaryReader(bytes);
  let verb: HttpBinding['verb'] | undefined;
  let path = '';
  let body = '';
  const additional: HttpBinding[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    const verbName = VERB_FIELDS[field];
    if (verbName) {
      verb = verbName;
      path = reader.string();
    } else if (field === FIELD_BODY) {
      body = reader.string();
    } else if (field === FIELD_ADDITIONAL_BINDINGS) {
      additional.push(...decodeRule(reader.bytes()));
    } else {
      reader.skip(wireType as WireType);
    }
  }
  return verb ? [{ verb, path, body }, ...additional] : additional;
}
