// A page that only tells something: an error, an expired link, "you are signed out".
import { html } from '../../util/html.ts';
import { linkButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface MessagePageProps extends PageBase {
  title: string;
  message: string;
  /** Where to go from here ("Back to sign in"). */
  link?: { href: string; text: string };
}

export function messagePage(p: MessagePageProps): string {
  const body = html`<p class="message">${p.message}</p>
    ${p.link ? linkButton(p.link.href, p.link.text) : ''}`;
  return layout({ ...p, body });
}
