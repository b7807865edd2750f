// One hosted-login request inside an OpenID interaction: the interaction itself (checked against its
// cookie by oidc-provider), the CSRF token bound to it, the application's name and redirect origins,
// and how to answer with a page, a redirect, or the end of the interaction.
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import type { ApplicationLookup } from '../oidc/client-adapter.ts';
import { clientIp } from '../http/client-ip.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import type { SessionLink } from '../oidc/session-link.ts';
import { csrfToken, csrfValid } from './csrf.ts';
import { hostedPageHeaders, newNonce } from './security-headers.ts';
import type { PageBase } from './ui/index.ts';

/** What the login flow keeps in the interaction between its pages. */
export interface PendingLogin {
  email?: string;
  /** Set once the person has proven who they are, while they still choose an organization. */
  userId?: string;
  authMethod?: string;
  /** The passwordless request this interaction is waiting on. */
  authRequestId?: string;
  /** The account this sign-in created (its first login also writes user.signup). */
  signedUpUserId?: string;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export class InteractionPage {
  readonly base: PageBase;
  readonly csrf: string;

  private constructor(
    readonly ctx: AppContext,
    readonly provider: Provider,
    readonly req: AnyRequest,
    readonly res: AnyResponse,
    readonly interaction: Interaction,
    /** The provider's view of Gatehouse sessions: a step that changes a session tells it to re-read. */
    readonly sessions: SessionLink,
    private readonly redirectOrigins: string[],
    appName: string,
  ) {
    this.base = { nonce: newNonce(), appName };
    this.csrf = csrfToken(ctx.box.derive('csrf'), interaction.uid);
  }

  static async open(
    ctx: AppContext,
    provider: Provider,
    sessions: SessionLink,
    applications: ApplicationLookup,
    req: AnyRequest,
    res: AnyResponse,
  ): Promise<InteractionPage> {
    const interaction = await provider.interactionDetails(req, res);
    const clientId = String(interaction.params.client_id ?? '');
    const app = clientId ? await applications(clientId) : undefined;
    return new InteractionPage(
      ctx,
      provider,
      req,
      res,
      interaction,
      sessions,
      app?.redirectUris ?? [],
      ctx.config.appName,
    );
  }

  get uid(): string {
    return this.interaction.uid;
  }

  get ip(): string {
    return clientIp(this.req, this.ctx.config.trustProxy);
  }

  get userAgent(): string {
    return String(this.req.headers['user-agent'] ?? '').slice(0, 512);
  }

  /** The URL of one of this interaction's steps. */
  step(name = ''): string {
    return `/interaction/${this.uid}${name ? `/${name}` : ''}`;
  }

  pending(): PendingLogin {
    return ((this.interaction.result as { pending?: PendingLogin } | undefined)?.pending ??
      {}) as PendingLogin;
  }

  csrfOk(fields: Record<string, string>): boolean {
    return csrfValid(this.ctx.box.derive('csrf'), this.uid, fields.csrf);
  }

  /** Remembers flow state in the interaction (server side), merged with what is there. */
  async remember(pending: PendingLogin): Promise<void> {
    const next = { ...this.pending(), ...pending };
    await this.provider.interactionResult(this.req, this.res, { pending: next } as InteractionResults, {
      mergeWithLastSubmission: true,
    });
    (this.interaction as { result?: unknown }).result = { ...(this.interaction.result ?? {}), pending: next };
  }

  render(status: number, page: string, extra: Record<string, string> = {}): void {
    const headers = hostedPageHeaders(this.base.nonce, { formActionOrigins: this.redirectOrigins });
    this.res.writeHead(status, { ...headers, ...extra });
    this.res.end(page);
  }

  redirect(location: string): void {
    this.res.writeHead(303, { location, 'cache-control': 'no-store' });
    this.res.end();
  }

  async finish(result: InteractionResults): Promise<void> {
    await this.provider.interactionFinished(this.req, this.res, result, { mergeWithLastSubmission: false });
  }
}
