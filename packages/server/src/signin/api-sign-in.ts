// A sign-in in progress as AuthService sees it: the provider's interaction this browser's sign-in
// cookie names, with the same state the hosted pages keep in it (hosted/sign-in-flow.ts). Where a page
// would redirect, the API only records: the page's script continues at `returnTo` itself.
import type { InteractionResults } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import type { PendingLogin } from '../hosted/interaction-page.ts';
import type { Interaction, SignInFlow } from '../hosted/sign-in-flow.ts';
import type { SessionLink } from '../oidc/session-link.ts';

export class ApiSignIn implements SignInFlow {
  constructor(
    readonly ctx: AppContext,
    readonly sessions: SessionLink,
    readonly interaction: Interaction,
    readonly ip: string,
    readonly userAgent: string,
  ) {}

  /** Where the browser resumes the authorization once the sign-in is complete. */
  get returnTo(): string {
    return this.interaction.returnTo;
  }

  pending(): PendingLogin {
    return ((this.interaction.result as { pending?: PendingLogin } | undefined)?.pending ??
      {}) as PendingLogin;
  }

  /** As the pages do (provider.interactionResult with mergeWithLastSubmission). */
  async remember(pending: PendingLogin): Promise<void> {
    const next = { ...this.pending(), ...pending };
    await this.save({ ...(this.interaction.lastSubmission ?? {}), pending: next } as InteractionResults);
  }

  /** As the pages do (provider.interactionFinished without merging), minus the redirect. */
  async finish(result: InteractionResults): Promise<void> {
    await this.save(result);
  }

  /**
   * Whether this sign-in has ended (finish stores its result alone; while the flow goes on, the
   * stored result always holds `pending`), so the provider acts on it when the browser resumes.
   */
  get concluded(): boolean {
    const result = this.interaction.result;
    return result !== undefined && !('pending' in result);
  }

  private async save(result: InteractionResults): Promise<void> {
    this.interaction.result = result;
    await this.interaction.save(Math.max(1, this.interaction.exp - Math.floor(Date.now() / 1000)));
  }
}
