// A portal page that only tells something: the session has ended, this part is not in the link.
import { html } from '../../util/html.ts';
import { linkButton } from '../../hosted/ui/components.ts';
import { portalLayout } from './portal-layout.ts';

export function portalMessage(p: {
  nonce: string;
  organizationName?: string;
  title: string;
  message: string;
  link?: { href: string; text: string };
  csrf?: string;
}): string {
  const body = html`<p class="message">${p.message}</p>
    ${p.link ? linkButton(p.link.href, p.link.text) : ''}`;
  return portalLayout({ ...p, organizationName: p.organizationName ?? 'Gatehouse', body });
}
