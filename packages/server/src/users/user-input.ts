// Validation of the user fields a caller sends: the profile, maps and lists. Every message names the
// field. The stored profile uses proto field names, so it reads like the REST JSON it becomes.
import type {
  CreateUserProfile,
  UpdateUserProfile,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import { invalidArgument } from '../contract/api-error.ts';

export interface StoredProfile {
  given_name: string;
  family_name: string;
  name: string;
  locale: string;
  phone_number: string;
  preferred_username: string;
  picture: string;
  gender: string;
  groups: string[];
  metadata: Record<string, string>;
  custom_attributes: Record<string, string>;
}

const MAX_TEXT = 255;
const MAX_MAP_KEYS = 50;
const MAX_MAP_KEY = 64;
const MAX_MAP_VALUE = 1024;
const MAX_GROUPS = 100;
const MAX_GROUP = 250;
const MAX_URL = 2048;
const CONTROL = /[\u0000-\u001f\u007f]/;
// E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9][0-9]{1,14}$/;
// BCP 47 in the shapes people send: en, en-US, zh-Hant-TW, es_419.
const LOCALE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,4}$/;

export function text(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length > MAX_TEXT) throw invalidArgument(`${field} must be at most ${MAX_TEXT} characters`);
  if (CONTROL.test(trimmed)) throw invalidArgument(`${field} must not contain control characters`);
  return trimmed;
}

/** A map of caller-chosen keys to strings (metadata, custom attributes). */
export function stringMap(value: Record<string, string> | undefined, field: string): Record<string, string> {
  const entries = Object.entries(value ?? {});
  if (entries.length > MAX_MAP_KEYS) throw invalidArgument(`${field} may hold at most ${MAX_MAP_KEYS} keys`);
  for (const [key, val] of entries) {
    if (key === '' || key.length > MAX_MAP_KEY) {
      throw invalidArgument(`${field} keys must be 1-${MAX_MAP_KEY} characters`);
    }
    // REST refuses these at the edge; gRPC maps must not smuggle them in either.
    if (key === '__proto__') throw invalidArgument(`${field} must not have a "__proto__" key`);
    if (val.length > MAX_MAP_VALUE) {
      throw invalidArgument(`${field}.${key} must be at most ${MAX_MAP_VALUE} characters`);
    }
  }
  return Object.fromEntries(entries);
}

function phone(value: string): string {
  const trimmed = value.trim();
  if (trimmed !== '' && !E164.test(trimmed)) {
    throw invalidArgument('user_profile.phone_number must be in E.164 format, like +14155552671');
  }
  return trimmed;
}

function locale(value: string): string {
  const trimmed = value.trim();
  if (trimmed !== '' && !LOCALE.test(trimmed)) {
    throw invalidArgument('user_profile.locale must be a BCP 47 language tag, like en-US');
  }
  return trimmed;
}

function picture(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return '';
  try {
    const url = new URL(trimmed);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && trimmed.length <= MAX_URL) {
      return url.toString();
    }
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('user_profile.picture must be an http(s) URL');
}

function groups(value: string[]): string[] {
  if (value.length > MAX_GROUPS) throw invalidArgument(`user_profile.groups may hold at most ${MAX_GROUPS}`);
  const names = value.map((g) => g.trim());
  if (names.some((g) => g === '' || g.length > MAX_GROUP || CONTROL.test(g))) {
    throw invalidArgument(`user_profile.groups names must be 1-${MAX_GROUP} characters`);
  }
  return [...new Set(names)];
}

export const EMPTY_PROFILE: StoredProfile = {
  given_name: '',
  family_name: '',
  name: '',
  locale: '',
  phone_number: '',
  preferred_username: '',
  picture: '',
  gender: '',
  groups: [],
  metadata: {},
  custom_attributes: {},
};

/** The profile of a new user. first_name/last_name are the deprecated spellings of given/family name. */
export function createProfile(p: CreateUserProfile | undefined): StoredProfile {
  if (!p) return { ...EMPTY_PROFILE };
  return {
    given_name: text(p.givenName || p.firstName, 'user_profile.given_name'),
    family_name: text(p.familyName || p.lastName, 'user_profile.family_name'),
    name: text(p.name, 'user_profile.name'),
    locale: locale(p.locale),
    phone_number: phone(p.phoneNumber),
    preferred_username: text(p.preferredUsername, 'user_profile.preferred_username'),
    picture: picture(p.picture ?? ''),
    gender: text(p.gender ?? '', 'user_profile.gender'),
    groups: groups(p.groups),
    metadata: stringMap(p.metadata, 'user_profile.metadata'),
    custom_attributes: stringMap(p.customAttributes, 'user_profile.custom_attributes'),
  };
}

/**
 * The profile after an update: a field changes when it is present ('' clears it); maps and the
 * group list are replaced when non-empty (the message cannot tell "absent" from "empty" for them).
 */
export function updateProfile(current: StoredProfile, p: UpdateUserProfile): StoredProfile {
  const next: StoredProfile = { ...current };
  const given = p.givenName ?? p.firstName;
  const family = p.familyName ?? p.lastName;
  if (given !== undefined) next.given_name = text(given, 'user_profile.given_name');
  if (family !== undefined) next.family_name = text(family, 'user_profile.family_name');
  if (p.name !== undefined) next.name = text(p.name, 'user_profile.name');
  if (p.locale !== undefined) next.locale = locale(p.locale);
  if (p.phoneNumber !== undefined) next.phone_number = phone(p.phoneNumber);
  if (p.preferredUsername !== undefined) {
    next.preferred_username = text(p.preferredUsername, 'user_profile.preferred_username');
  }
  if (p.picture !== undefined) next.picture = picture(p.picture);
  if (p.gender !== undefined) next.gender = text(p.gender, 'user_profile.gender');
  if (p.groups.length > 0) next.groups = groups(p.groups);
  if (Object.keys(p.metadata).length > 0) next.metadata = stringMap(p.metadata, 'user_profile.metadata');
  if (Object.keys(p.customAttributes).length > 0) {
    next.custom_attributes = stringMap(p.customAttributes, 'user_profile.custom_attributes');
  }
  return next;
}

/** A stored profile, tolerating rows written before a field existed. */
export function readProfile(json: string): StoredProfile {
  return { ...EMPTY_PROFILE, ...(JSON.parse(json) as Partial<StoredProfile>) };
}

/** A required search text: 3-256 characters, as the contract documents for user search. */
export function searchQuery(value: string): string {
  const query = value.trim();
  if (query.length < 3 || query.length > 256) throw invalidArgument('query must be 3-256 characters');
  return query;
}
