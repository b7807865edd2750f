// The hosted login pages: pure functions from props to a complete HTML document. Serve them with
// hostedPageHeaders(nonce) and pass the same nonce in the props.
export { autoPostPage, type AutoPostPageProps } from './auto-post-page.ts';
export { createOrganizationStep, type CreateOrganizationStepProps } from './create-organization-step.ts';
export { emailStep, type EmailStepProps } from './email-step.ts';
export { forgotStep, type ForgotStepProps } from './forgot-step.ts';
export type { PageBase } from './layout.ts';
export { linkSentStep, type LinkSentStepProps } from './link-sent-step.ts';
export { logoutConfirm, type LogoutConfirmProps } from './logout-confirm.ts';
export { messagePage, type MessagePageProps } from './message-page.ts';
export { methodsStep, type MethodsStepProps } from './methods-step.ts';
export {
  organizationStep,
  type OrganizationChoice,
  type OrganizationStepProps,
} from './organization-step.ts';
export { otpStep, type OtpStepProps } from './otp-step.ts';
export { passwordStep, type PasswordStepProps } from './password-step.ts';
export { resetStep, type ResetStepProps } from './reset-step.ts';
export { signUpStep, type SignUpStepProps } from './sign-up-step.ts';
