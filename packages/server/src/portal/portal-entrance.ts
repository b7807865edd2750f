// GET /portal/links/<token>: the entrance the portal link points at. The admin portal itself is not
// built yet, so the entrance checks and consumes the link, then says so plainly.
import type { AppContext } from '../app-context.ts';
import { findById } from '../organizations/organization-store.ts';
import { consumePortalLink } from './portal-link-service.ts';

export interface HtmlPage {
  status: number;
  html: string;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)} · Gatehouse</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.4rem}</style></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

export async function openPortalLink(ctx: AppContext, token: string): Promise<HtmlPage> {
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await consumePortalLink(ctx, token) : undefined;
  if (!link) {
    return {
      status: 404,
      html: page(
        'This link cannot be used',
        '<p>The admin portal link is unknown, has expired or has already been used. Ask the application for a new link.</p>',
      ),
    };
  }
  const org = await findById(ctx.db, link.organizationId);
  const name = org?.display_name ?? link.organizationId;
  return {
    status: 200,
    html: page(
      'Admin portal link accepted',
      `<p>This single-use link for <strong>${escape(name)}</strong> was valid and has now been used (features: ${escape(link.features.join(', '))}).</p><p>The admin portal itself is not available in this version of Gatehouse yet.</p>`,
    ),
  };
}
