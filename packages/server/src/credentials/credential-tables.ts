// Table types of the credential area (migration 0006), referenced from store/schema.ts.
import type { Generated } from 'kysely';

export interface UserPasswordTable {
  user_id: string;
  /** argon2id PHC string. */
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface PasswordResetTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface PasswordlessRequestTable {
  /** plr_…, the contract's auth_request_id. */
  id: string;
  email: string;
  user_id: string | null;
  code_hash: string | null;
  link_token_hash: string | null;
  state: string | null;
  /** The base of the magic link (the app's magiclink_auth_uri or the hosted page's URL). */
  magiclink_auth_uri: string | null;
  template: 'SIGNIN' | 'SIGNUP';
  created_at: string;
  expires_at: string;
  /** Seconds each code and link of this request lives. */
  expires_in: number;
  /** Wrong codes entered so far. */
  attempts: Generated<number>;
  resends: Generated<number>;
  consumed_at: string | null;
  last_sent_at: string;
}

export interface CredentialAttemptTable {
  bucket: string;
  window_start: string;
  count: number;
}
