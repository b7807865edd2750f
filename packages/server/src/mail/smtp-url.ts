// GATEHOUSE_SMTP_URL, parsed once into nodemailer's SMTP options. smtp:// starts in clear text and
// upgrades with STARTTLS when the server offers it; smtps:// is TLS from the first byte. Only a few
// query options are understood, and anything else is refused at start-up instead of being ignored.

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string } | undefined;
  /** ?requireTLS=true: refuse to send unless STARTTLS succeeds (smtp:// only). */
  requireTLS: boolean;
  /** ?tls.rejectUnauthorized=false: accept a self-signed certificate (development relays). */
  rejectUnauthorized: boolean;
}

const BOOLEAN_OPTIONS = ['requireTLS', 'tls.rejectUnauthorized'] as const;

/** Throws an Error whose message never contains the URL's password. */
export function parseSmtpUrl(raw: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('expected smtp://[user:password@]host[:port] or smtps://…');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`expected the smtp:// or smtps:// scheme, got ${url.protocol}`);
  }
  if (!url.hostname) throw new Error('the URL has no host');
  if (url.pathname !== '' && url.pathname !== '/') throw new Error('the URL must not have a path');
  const flags: Record<string, boolean> = {};
  for (const [key, value] of url.searchParams) {
    if (!(BOOLEAN_OPTIONS as readonly string[]).includes(key)) {
      throw new Error(`unknown option "${key}" (known: ${BOOLEAN_OPTIONS.join(', ')})`);
    }
    if (value !== 'true' && value !== 'false') throw new Error(`option ${key} must be true or false`);
    flags[key] = value === 'true';
  }
  const secure = url.protocol === 'smtps:';
  const user = safeDecode(url.username);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user || url.password ? { user, pass: safeDecode(url.password) } : undefined,
    requireTLS: flags['requireTLS'] ?? false,
    rejectUnauthorized: flags['tls.rejectUnauthorized'] ?? true,
  };
}

/** The URL as it may appear in a log line: scheme, host and port, never the credentials. */
export function describeSmtp(settings: SmtpSettings): string {
  return `${settings.secure ? 'smtps' : 'smtp'}://${settings.host}:${settings.port}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Error('the user or password has an invalid percent-encoding');
  }
}
