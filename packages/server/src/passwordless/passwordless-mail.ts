// The passwordless mail: a code, a magic link, or both, worded for signing in or for confirming a
// new account. The subject never carries the code: subjects show in lock-screen notifications.
import { escapeHtml } from '../mail/html.ts';
import type { OutgoingMail } from '../mail/mailer.ts';

export type TemplateName = 'SIGNIN' | 'SIGNUP';

export interface PasswordlessMailInput {
  to: string;
  template: TemplateName;
  code: string | undefined;
  link: string | undefined;
  expiresInSeconds: number;
}

function lifetime(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function passwordlessMail(input: PasswordlessMailInput): OutgoingMail {
  const signUp = input.template === 'SIGNUP';
  const subject = signUp
    ? input.link
      ? 'Confirm your email address'
      : 'Your verification code'
    : `Your sign-in ${input.code && input.link ? 'code and link' : input.code ? 'code' : 'link'}`;
  const purpose = signUp ? 'finish creating your account' : 'sign in';
  const text: string[] = [];
  const html: string[] = [];
  if (input.code) {
    text.push(`Your code to ${purpose}: ${input.code}`);
    html.push(
      `<p>Your code to ${purpose}:</p><p style="font-size:1.6rem;letter-spacing:.3rem"><strong>${escapeHtml(input.code)}</strong></p>`,
    );
  }
  if (input.link) {
    text.push(`${input.code ? 'Or open this link' : 'Open this link'} to ${purpose}: ${input.link}`);
    html.push(
      `<p><a href="${escapeHtml(input.link)}">${signUp ? 'Confirm my email address' : 'Sign in'}</a></p>`,
    );
  }
  const footer = `It works once and expires in ${lifetime(input.expiresInSeconds)}. If you did not ask for it, ignore this message; nobody can use it without access to your mailbox.`;
  return {
    to: input.to,
    subject,
    text: `${text.join('\n\n')}\n\n${footer}\n`,
    html: `${html.join('')}<p>${escapeHtml(footer)}</p>`,
  };
}
