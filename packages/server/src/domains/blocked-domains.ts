// Domains no organization may claim: public mailbox providers (anyone can get an address there, so
// a claim would route or suggest strangers into one customer's organization) and disposable-mail
// services (from the maintained list of the mailchecker package). A subdomain of either is refused too.
import mailchecker from 'mailchecker';

// The large consumer mailbox providers. Data, not policy: extend it when a provider is missing.
const PUBLIC_MAIL_PROVIDERS = new Set([
  '126.com',
  '139.com',
  '163.com',
  'aim.com',
  'aol.com',
  'att.net',
  'bigpond.com',
  'btinternet.com',
  'comcast.net',
  'daum.net',
  'fastmail.com',
  'free.fr',
  'gmail.com',
  'gmx.at',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'googlemail.com',
  'hanmail.net',
  'hey.com',
  'hotmail.co.uk',
  'hotmail.com',
  'hotmail.de',
  'hotmail.es',
  'hotmail.fr',
  'hotmail.it',
  'icloud.com',
  'inbox.com',
  'interia.pl',
  'laposte.net',
  'libero.it',
  'live.co.uk',
  'live.com',
  'live.fr',
  'mac.com',
  'mail.com',
  'mail.ru',
  'me.com',
  'msn.com',
  'naver.com',
  'o2.pl',
  'orange.fr',
  'outlook.com',
  'outlook.de',
  'outlook.fr',
  'pm.me',
  'proton.me',
  'protonmail.ch',
  'protonmail.com',
  'qq.com',
  'rambler.ru',
  'rediffmail.com',
  'rocketmail.com',
  'sbcglobal.net',
  'seznam.cz',
  't-online.de',
  'tuta.com',
  'tuta.io',
  'tutanota.com',
  'verizon.net',
  'web.de',
  'wp.pl',
  'yahoo.co.in',
  'yahoo.co.jp',
  'yahoo.co.uk',
  'yahoo.com',
  'yahoo.de',
  'yahoo.fr',
  'yandex.com',
  'yandex.ru',
  'ymail.com',
  'zoho.com',
]);

const disposable = mailchecker.blacklist();

/** Why `domain` (or its registrable domain) may not be claimed, or undefined when it may. */
export function blockedReason(domain: string, registrable: string): string | undefined {
  if (PUBLIC_MAIL_PROVIDERS.has(domain) || PUBLIC_MAIL_PROVIDERS.has(registrable)) {
    return `${domain} is a public email provider; only a domain the organization owns can be added`;
  }
  if (disposable.has(domain) || disposable.has(registrable)) {
    return `${domain} is a disposable email domain`;
  }
  return undefined;
}
