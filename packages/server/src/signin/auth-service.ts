// AuthService: what a hosted login page's script calls about the sign-in in progress in its browser
// (signin/browser-sign-in.ts). Each method drives the same steps, over the same interaction state,
// as the server-rendered pages (hosted/), so both can be mixed within one sign-in.
// SSO is enforced as on the pages (sso-enforcement.ts).
// Not built: ListAuthMethods and UpdateLoginUserDetails (enterprise SSO connections), GetAuthError
// (the pages show their errors themselves; no error ids are issued).
import type { AuthService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/auth_pb.js';
import {
  ConnectionType,
  PasswordlessType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { AppContext } from '../app-context.ts';
import { ApiError, failedPrecondition, invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers, SignInCallContext } from '../contract/service-registry.ts';
import { continueProven } from '../hosted/finish-login.ts';
import { foundOrganization } from '../hosted/steps-organization.ts';
import { CODE_FAILED, proveByCode } from '../hosted/steps-passwordless.ts';
import { signInOrganizations } from '../oidc/member-access.ts';
import { typeFor } from '../passwordless/passwordless-rules.ts';
import { parseEmail } from '../users/email.ts';
import type { ApiSignIn } from './api-sign-in.ts';
import { authCustomizations, authFeatures } from './auth-features.ts';
import { authState, intentOf, provenPerson, userDetails } from './auth-state.ts';
import { refuseWhenSso, ssoAuthMethod, ssoConnectionFor } from './sso-enforcement.ts';

type Handlers = ServiceHandlers<typeof AuthService, SignInCallContext>;

const NOT_PROVEN = 'the person has not proven who they are in this sign-in yet';
const NO_CODE = 'no one-time code is pending in this sign-in';
const NO_RESEND = 'A new code cannot be sent yet. Use the last one, or start again.';
const NO_ACCESS =
  'You are not a member of the organization this application asked for. Ask an administrator of that organization to invite you.';

export function authHandlers(ctx: AppContext): Handlers {
  /** The sign-in, still open to changes (after its end, the browser must resume the authorization). */
  async function openSignIn(call: SignInCallContext): Promise<ApiSignIn> {
    const signIn = await call.signIn.current();
    if (signIn.concluded)
      throw failedPrecondition(`this sign-in is complete; continue at ${signIn.returnTo}`);
    return signIn;
  }

  return {
    async getAuthFeatures() {
      return { features: authFeatures(ctx) };
    },

    async getAuthCustomizations() {
      return { customizationSettings: authCustomizations(ctx), settings: { customBranding: false } };
    },

    async getAuthState(_req, call) {
      return authState(ctx, await call.signIn.current());
    },

    // An address SSO applies to gets its connection (the sign-in page then goes to the IdP); every
    // other address the same answer, whether it has an account or not: password, or a code or link.
    async discoveryAuthMethod(req, call) {
      const signIn = await openSignIn(call);
      const email = parseEmail(req.discoveryRequest?.email ?? '');
      await signIn.remember({ email: email.address });
      const sso = await ssoConnectionFor(ctx, signIn, email.address);
      if (sso) return { authMethod: ssoAuthMethod(ctx, signIn, sso) };
      const type = typeFor(ctx.config.passwordlessType, true);
      return {
        authMethod: {
          connectionType: ConnectionType.PASSWORD,
          provider: 'gatehouse',
          authInitiationUri: `${ctx.config.publicUrl}/interaction/${signIn.interaction.uid}`,
          passwordlessType: PasswordlessType[type],
          codeChallengeLength: type === 'LINK' ? 0 : 6,
        },
      };
    },

    async verifyPasswordLessOtp(req, call) {
      const signIn = await openSignIn(call);
      const { email, authRequestId } = signIn.pending();
      if (!email || !authRequestId) throw failedPrecondition(NO_CODE);
      await refuseWhenSso(ctx, signIn, email);
      const userId = await proveByCode(signIn, req.otpReq?.codeChallenge ?? '').catch((error: unknown) => {
        // One answer for a wrong, expired or used code, as the page gives (no account is revealed).
        throw refusal(error, invalidArgument(CODE_FAILED));
      });
      if ((await continueProven(signIn, userId, 'otp')) === 'no_access') {
        throw new ApiError('PERMISSION_DENIED', NO_ACCESS);
      }
      return {};
    },

    async resendPasswordless(_req, call) {
      const signIn = await openSignIn(call);
      const { email, authRequestId } = signIn.pending();
      if (!email || !authRequestId) throw failedPrecondition(NO_CODE);
      await refuseWhenSso(ctx, signIn, email);
      await ctx.passwordless.resend(authRequestId, call.signIn.ip).catch((error: unknown) => {
        throw refusal(error, failedPrecondition(NO_RESEND));
      });
      return {};
    },

    async listUserOrganizations(_req, call) {
      const signIn = await call.signIn.current();
      const person = provenPerson(signIn);
      if (!person) throw failedPrecondition(NOT_PROVEN);
      const organizations = await signInOrganizations(ctx, person.userId);
      return {
        organizations: organizations.map((o) => ({ id: o.id, name: o.name, membershipStatus: 'ACTIVE' })),
        user: await userDetails(ctx, person.userId),
        intent: intentOf(signIn, person.userId),
      };
    },

    async signupOrganization(req, call) {
      const signIn = await openSignIn(call);
      const person = provenPerson(signIn);
      if (!person || person.signedIn) throw failedPrecondition(NOT_PROVEN);
      const org = await foundOrganization(signIn, person.userId, req.organizationName.trim());
      return { organizationId: org.id, organizationName: org.display_name };
    },

    async logout(_req, call) {
      await call.signIn.logout();
      return {};
    },
  };
}

/** Rate limits keep their own answer (429, Retry-After); any other refusal becomes `instead`. */
function refusal(error: unknown, instead: ApiError): ApiError {
  if (!(error instanceof ApiError)) throw error;
  return error.errorCode === 'RESOURCE_EXHAUSTED' ? error : instead;
}
