// Answer a request with a hosted message page (a title, a sentence, maybe a link): for the places
// that answer outside an interaction page (an expired interaction, the SSO return legs, the reset
// link), so the nonce, the security headers and the app name are set in one place.
import type { AppContext } from '../app-context.ts';
import type { AnyResponse } from '../http/respond.ts';
import { hostedPageHeaders, newNonce } from './security-headers.ts';
import { messagePage, type MessagePageProps } from './ui/index.ts';

export type MessageContent = Omit<MessagePageProps, 'nonce' | 'appName'>;

export function sendMessagePage(
  ctx: AppContext,
  res: AnyResponse,
  status: number,
  content: MessageContent,
  extraHeaders: Record<string, string> = {},
): void {
  const nonce = newNonce();
  res.writeHead(status, { ...hostedPageHeaders(nonce), ...extraHeaders });
  res.end(messagePage({ ...content, nonce, appName: ctx.config.appName }));
}
