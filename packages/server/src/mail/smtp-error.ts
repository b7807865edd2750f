// One line describing an SMTP failure, for the log and the message's record. Credentials are cut
// out even if a relay echoes them back in its reply.

interface NodemailerError {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

const MAX_LENGTH = 500;

export function describeSmtpError(error: unknown, secrets: readonly string[]): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const detail =
    typeof e.response === 'string' && e.response !== ''
      ? e.response
      : typeof e.message === 'string'
        ? e.message
        : String(error);
  let text = `${code}: ${detail}`.replace(/[\r\n]+/g, ' ');
  for (const secret of secrets) text = text.split(secret).join('[redacted]');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}
