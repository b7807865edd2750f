// Helpers of the credential tests: reading the codes and links out of mail kept in the database
// mailbox, and checking the ApiError a service call (not an HTTP call) rejects with.
import { expect } from 'vitest';
import { ApiError } from '../../src/contract/api-error.ts';
import type { TestServer } from '../harness.ts';
import { mailTo } from './identity.ts';

/** The newest mail to `address`, waiting briefly for mail that is sent in the background. */
export async function latestMail(server: TestServer, address: string, atLeast = 1) {
  for (let i = 0; i < 100; i++) {
    const mails = await mailTo(server, address);
    if (mails.length >= atLeast) return mails[mails.length - 1]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no mail number ${atLeast} to ${address}`);
}

export function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error(`no code in: ${text}`);
  return match[1] as string;
}

/** The value of a query parameter in the first URL of `text` that has it. */
export function parameterIn(text: string, name: string): string {
  for (const url of text.match(/https?:\/\/\S+/g) ?? []) {
    const value = new URL(url).searchParams.get(name);
    if (value) return value;
  }
  throw new Error(`no ${name} in: ${text}`);
}

/** Awaits a call that must reject with an ApiError of `code` (and a message matching `message`). */
export async function expectApiError(
  call: Promise<unknown>,
  code: ApiError['errorCode'],
  message?: RegExp,
): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(ApiError);
  const apiError = error as ApiError;
  expect({ code: apiError.errorCode, message: apiError.message }).toEqual({
    code,
    message: message ? expect.stringMatching(message) : expect.any(String),
  });
  return apiError;
}

export const STRONG_PASSWORD = 'correct horse battery staple';
