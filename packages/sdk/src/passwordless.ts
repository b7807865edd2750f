// Passwordless sign-in by mail (a code, a magic link, or both): the same method names, argument
// order and result shapes as the official SDK's `scalekit.passwordless`, over the REST routes of
// scalekit.v1.auth.passwordless.PasswordlessService.
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import type {
  PasswordlessCredential,
  SendPasswordlessOptions,
  SendPasswordlessResponse,
  TemplateType,
  TemplateTypeInput,
  VerifyPasswordLessResponse,
} from './passwordless-types.ts';

const TEMPLATE_BY_NUMBER: Record<number, TemplateType> = { 1: 'SIGNIN', 2: 'SIGNUP' };

function templateName(value: TemplateTypeInput | undefined): TemplateType | undefined {
  if (value === undefined) return undefined;
  const name = typeof value === 'number' ? TEMPLATE_BY_NUMBER[value] : value;
  if (name !== 'SIGNIN' && name !== 'SIGNUP') {
    throw invalidArgument(`Invalid template type: ${String(value)}. Expected SIGNIN or SIGNUP`);
  }
  return name;
}

type SendWire = Omit<SendPasswordlessResponse, 'expiresAt'> & { expiresAt?: string | number };

function sent(response: SendWire): SendPasswordlessResponse {
  // int64 travels as a JSON string; a bigint, as the official SDK returns it.
  return { ...response, expiresAt: BigInt(response.expiresAt ?? 0) };
}

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class PasswordlessClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Mails a code and/or magic link to `email`; keep the returned authRequestId for verify and resend. */
  async sendPasswordlessEmail(
    email: string,
    options: SendPasswordlessOptions = {},
  ): Promise<SendPasswordlessResponse> {
    if (!email || typeof email !== 'string') throw invalidArgument('email is required');
    const body = {
      email,
      template: templateName(options.template),
      state: options.state,
      magiclinkAuthUri: options.magiclinkAuthUri,
      expiresIn: options.expiresIn,
      templateVariables: options.templateVariables,
    };
    return sent(
      await this.#http.request<SendWire>({ method: 'POST', path: '/api/v1/passwordless/email/send', body }),
    );
  }

  /** Checks the code (with its authRequestId) or the magic link's token; resolves with the verified email. */
  async verifyPasswordlessEmail(
    credential: PasswordlessCredential,
    authRequestId?: string,
  ): Promise<VerifyPasswordLessResponse> {
    if (!credential?.code && !credential?.linkToken) {
      throw invalidArgument('Either code or linkToken must be provided');
    }
    const body = credential.code
      ? { code: credential.code, authRequestId }
      : { linkToken: credential.linkToken, authRequestId };
    return this.#http.request<VerifyPasswordLessResponse>({
      method: 'POST',
      path: '/api/v1/passwordless/email/verify',
      body,
    });
  }

  /** Sends the request's mail again with a new code and link; the previous ones stop working. */
  async resendPasswordlessEmail(authRequestId: string): Promise<SendPasswordlessResponse> {
    if (!authRequestId) throw invalidArgument('authRequestId is required');
    return sent(
      await this.#http.request<SendWire>({
        method: 'POST',
        path: '/api/v1/passwordless/email/resend',
        body: { authRequestId },
      }),
    );
  }
}
