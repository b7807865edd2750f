// Where a sign-in stands, in AuthService's terms, read from the state the hosted login keeps in the
// interaction. Nothing here tells whether an email has an account: before the person proves who
// they are, the answer depends only on what they did (typed an email, asked for a code).
import { AuthState, Intent } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/auth_pb.js';
import type { AppContext } from '../app-context.ts';
import { signInOrganizations } from '../oidc/member-access.ts';
import { typeFor } from '../passwordless/passwordless-rules.ts';
import { readProfile } from '../users/user-input.ts';
import * as users from '../users/user-store.ts';
import type { ApiSignIn } from './api-sign-in.ts';

export interface UserDetailsInit {
  email: string;
  firstName: string;
  lastName: string;
}

/** The person choosing an organization: proven in this sign-in, or signed in and asked to choose. */
export function provenPerson(signIn: ApiSignIn): { userId: string; signedIn: boolean } | undefined {
  const pendingUser = signIn.pending().userId;
  if (pendingUser) return { userId: pendingUser, signedIn: false };
  const { prompt, session } = signIn.interaction;
  return prompt.name === 'select_account' && session?.accountId
    ? { userId: session.accountId, signedIn: true }
    : undefined;
}

export async function userDetails(ctx: AppContext, userId: string): Promise<UserDetailsInit | undefined> {
  const row = await users.findById(ctx.db, userId);
  if (!row) return undefined;
  const profile = readProfile(row.profile);
  return { email: row.email, firstName: profile.given_name, lastName: profile.family_name };
}

export function intentOf(signIn: ApiSignIn, userId: string): Intent {
  return signIn.pending().signedUpUserId === userId ? Intent.sign_up : Intent.sign_in;
}

export async function authState(ctx: AppContext, signIn: ApiSignIn) {
  const { interaction } = signIn;
  const hint = interaction.params.login_hint;
  const loginHint = typeof hint === 'string' ? hint : '';
  if (signIn.concluded) {
    const result = interaction.result ?? {};
    if ('error' in result) return { authState: AuthState.AUTHENTICATION_FAILED, loginHint };
    const userId = result.login?.accountId ?? interaction.session?.accountId;
    const user = userId ? await userDetails(ctx, userId) : undefined;
    return { authState: AuthState.AUTHENTICATION_COMPLETED, user, loginHint };
  }
  const person = provenPerson(signIn);
  if (person) {
    const organizations = await signInOrganizations(ctx, person.userId);
    const authState =
      organizations.length === 0 && !person.signedIn
        ? AuthState.ORGANIZATION_SIGNUP
        : AuthState.ORGANIZATION_SWITCHER;
    return { authState, user: await userDetails(ctx, person.userId), loginHint };
  }
  const { email, authRequestId } = signIn.pending();
  // Only what the person typed; names and the rest wait until they have proven the address.
  const user = email ? { email, firstName: '', lastName: '' } : undefined;
  if (authRequestId) return { authState: waitingFor(ctx), user, loginHint };
  return { authState: AuthState.AUTHENTICATION_IN_PROGRESS, user, loginHint };
}

/** What a pending passwordless mail carries (the hosted login always includes its link when configured). */
function waitingFor(ctx: AppContext): AuthState {
  switch (typeFor(ctx.config.passwordlessType, true)) {
    case 'OTP':
      return AuthState.OTP_VERIFICATION_PENDING;
    case 'LINK':
      return AuthState.MAGIC_LINK_SENT;
    case 'LINK_OTP':
      return AuthState.LINK_SENT_OTP_VERIFICATION_PENDING;
  }
}
