// What the login flow's shared steps need from a sign-in in progress, whichever way it is driven:
// by the hosted pages (InteractionPage: finishing redirects the browser) or by the page's script
// through AuthService (signin/api-sign-in.ts: finishing only records the result). Steps written
// against this never render, so both ways decide and write exactly the same things.
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import type { SessionLink } from '../oidc/session-link.ts';
import type { PendingLogin } from './interaction-page.ts';

export type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface SignInFlow {
  readonly ctx: AppContext;
  readonly interaction: Interaction;
  /** The provider's view of Gatehouse sessions: a step that changes a session tells it to re-read. */
  readonly sessions: SessionLink;
  readonly ip: string;
  readonly userAgent: string;
  pending(): PendingLogin;
  /** Remembers flow state in the interaction (server side), merged with what is there. */
  remember(pending: PendingLogin): Promise<void>;
  /** Ends the interaction with this result; the provider acts on it when the browser resumes. */
  finish(result: InteractionResults): Promise<void>;
}
