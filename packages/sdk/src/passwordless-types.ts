// Passwordless shapes (scalekit.v1.auth.passwordless), camelCase, as returned by PasswordlessClient.

export type TemplateType = 'SIGNIN' | 'SIGNUP';

/** What the mail carried (send) or how the request was verified (verify). */
export type PasswordlessType = 'OTP' | 'LINK' | 'LINK_OTP';

/**
 * A template by name, or by the official SDK's enum number (1 = SIGNIN, 2 = SIGNUP), so code passing
 * `TemplateType.SIGNIN` ports unchanged.
 */
export type TemplateTypeInput = TemplateType | 1 | 2;

export interface SendPasswordlessOptions {
  /** SIGNIN (default) or SIGNUP: how the mail is worded. */
  template?: TemplateTypeInput;
  /** Returned by verifyPasswordlessEmail as it was sent. */
  state?: string;
  /** Your page that receives `?link_token=…` from the magic link in the mail. */
  magiclinkAuthUri?: string;
  /** Seconds the code and link stay valid: 60 – 3600, server default 300. */
  expiresIn?: number;
  /** Accepted for compatibility; Gatehouse's built-in mail does not use them. */
  templateVariables?: Record<string, string>;
}

export interface SendPasswordlessResponse {
  /** `plr_…`: pass it to verifyPasswordlessEmail with the code, and to resendPasswordlessEmail. */
  authRequestId: string;
  /** Seconds since the epoch, as a bigint like the official SDK's int64. */
  expiresAt: bigint;
  expiresIn: number;
  passwordlessType: PasswordlessType;
}

/** One of the two: the code the user typed, or the link_token your magic-link page received. */
export interface PasswordlessCredential {
  code?: string;
  linkToken?: string;
}

export interface VerifyPasswordLessResponse {
  email: string;
  state?: string;
  template?: TemplateType;
  passwordlessType: PasswordlessType;
}
