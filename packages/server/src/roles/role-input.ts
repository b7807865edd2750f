// Validation of what callers send to RolesService. Every message names the field it is about, and
// every name is checked against one documented pattern before any query runs.
import { invalidArgument } from '../contract/api-error.ts';

/**
 * Role names: letters, digits and underscores, 1-64 characters (`org_admin`, `content_editor`) —
 * the rule the contract's own descriptor states, so any name an app created on Scalekit works here.
 */
export const ROLE_NAME = /^[a-zA-Z0-9_]{1,64}$/;
/**
 * Permission names: segments of letters, digits and underscores joined by `:` or `.`
 * (`read:users`, `perm.read`, `dept:members:invite`); segments after the first may use `*`
 * (`users:*`). At most 128 characters. A superset of the contract's `^[a-zA-Z0-9_:]+$` minus its
 * degenerate forms (`:x`, `x:`, `a::b`), plus the dotted names Scalekit's documentation uses.
 */
export const PERMISSION_NAME = /^[a-zA-Z0-9_]+(?:[.:][a-zA-Z0-9_*]+)*$/;
const MAX_PERMISSION_NAME = 128;
const MAX_DISPLAY_NAME = 100;
const MAX_DESCRIPTION = 2000;
/** The contract's limit on permissions named in one request. */
export const MAX_PERMISSIONS_PER_REQUEST = 100;

export function roleName(value: string | undefined, field = 'role_name'): string {
  if (!value) throw invalidArgument(`${field} is required`);
  if (!ROLE_NAME.test(value)) {
    throw invalidArgument(`${field} must be 1-64 letters, digits or underscores (like org_admin)`);
  }
  return value;
}

/** An optional role name: undefined when absent or empty. */
export function optionalRoleName(value: string | undefined, field: string): string | undefined {
  return value ? roleName(value, field) : undefined;
}

export function permissionName(value: string | undefined, field = 'permission_name'): string {
  if (!value) throw invalidArgument(`${field} is required`);
  if (value.length > MAX_PERMISSION_NAME || !PERMISSION_NAME.test(value)) {
    throw invalidArgument(
      `${field} must be segments of letters, digits or underscores joined by ":" or "." ` +
        `(like read:users or perm.read), at most ${MAX_PERMISSION_NAME} characters`,
    );
  }
  return value;
}

/** A list of permission names, each valid, without duplicates, at most the contract's limit. */
export function permissionNames(values: string[], field = 'permissions'): string[] {
  if (values.length > MAX_PERMISSIONS_PER_REQUEST) {
    throw invalidArgument(`${field} may name at most ${MAX_PERMISSIONS_PER_REQUEST} permissions`);
  }
  return [...new Set(values.map((value, i) => permissionName(value, `${field}[${i}]`)))];
}

export function displayName(value: string | undefined, field = 'display_name'): string {
  const name = (value ?? '').trim();
  if (name === '') throw invalidArgument(`${field} is required`);
  if (name.length > MAX_DISPLAY_NAME) {
    throw invalidArgument(`${field} must be at most ${MAX_DISPLAY_NAME} characters`);
  }
  return name;
}

export function description(value: string | undefined, field = 'description'): string {
  const text = (value ?? '').trim();
  if (text.length > MAX_DESCRIPTION) {
    throw invalidArgument(`${field} must be at most ${MAX_DESCRIPTION} characters`);
  }
  return text;
}

/** What a role read includes: nothing, its direct permissions, or its effective permissions. */
export type Include = 'none' | 'permissions' | 'permissions:all';

export function include(value: string | undefined): Include {
  if (value === undefined || value === '') return 'none';
  if (value === 'permissions' || value === 'permissions:all') return value;
  throw invalidArgument('include must be "permissions" or "permissions:all"');
}

export function organizationId(value: string | undefined, field = 'org_id'): string {
  if (!value) throw invalidArgument(`${field} is required`);
  return value;
}
