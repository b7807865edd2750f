// Every hosted page rendered with realistic props, for the browser tests and screenshots.
import * as ui from '../../src/hosted/ui/index.ts';

export const APP = 'Acme Cloud';
export const SAMPLE_CSRF = 'sample-csrf-token-0123456789abcdefghijklmnopq';

export interface SamplePage {
  name: string;
  render(nonce: string): string;
  /** Text of the button the Tab key must reach. */
  submit: string;
}

export const SAMPLE_PAGES: SamplePage[] = [
  {
    name: 'email',
    submit: 'Continue',
    render: (nonce) =>
      ui.emailStep({
        nonce,
        appName: APP,
        action: '/submit/email',
        csrf: SAMPLE_CSRF,
        signUpHref: '/sign-up',
      }),
  },
  {
    name: 'email-error',
    submit: 'Continue',
    render: (nonce) =>
      ui.emailStep({
        nonce,
        appName: APP,
        action: '/submit/email',
        csrf: SAMPLE_CSRF,
        email: 'not-an-email',
        error: 'Enter a valid email address.',
        notice: 'You have been signed out.',
      }),
  },
  {
    name: 'password',
    submit: 'Sign in',
    render: (nonce) =>
      ui.passwordStep({
        nonce,
        appName: APP,
        action: '/submit/password',
        csrf: SAMPLE_CSRF,
        email: 'ada@example.com',
        forgotHref: '/forgot',
        otpAction: '/submit/otp-send',
        magicLinkAction: '/submit/link-send',
        changeEmailHref: '/email',
      }),
  },
  {
    name: 'password-error',
    submit: 'Sign in',
    render: (nonce) =>
      ui.passwordStep({
        nonce,
        appName: APP,
        action: '/submit/password',
        csrf: SAMPLE_CSRF,
        email: 'ada@example.com',
        error: 'That email and password do not match.',
        forgotHref: '/forgot',
        changeEmailHref: '/email',
      }),
  },
  {
    name: 'methods',
    submit: 'Email me a one-time code',
    render: (nonce) =>
      ui.methodsStep({
        nonce,
        appName: APP,
        csrf: SAMPLE_CSRF,
        email: 'ada@example.com',
        otpAction: '/submit/otp-send',
        magicLinkAction: '/submit/link-send',
        changeEmailHref: '/email',
      }),
  },
  {
    name: 'sign-up',
    submit: 'Create account',
    render: (nonce) =>
      ui.signUpStep({
        nonce,
        appName: APP,
        action: '/submit/sign-up',
        csrf: SAMPLE_CSRF,
        signInHref: '/email',
        passwordHint: 'At least 12 characters.',
        passwordMinLength: 12,
        error: 'Choose a longer password.',
        errorField: 'password',
      }),
  },
  {
    name: 'otp',
    submit: 'Verify',
    render: (nonce) =>
      ui.otpStep({
        nonce,
        appName: APP,
        action: '/submit/otp',
        csrf: SAMPLE_CSRF,
        email: 'ada@example.com',
        resendAction: '/submit/otp-send',
        changeEmailHref: '/email',
      }),
  },
  {
    name: 'link-sent',
    submit: 'Send a new link',
    render: (nonce) =>
      ui.linkSentStep({
        nonce,
        appName: APP,
        csrf: SAMPLE_CSRF,
        email: 'ada@example.com',
        resendAction: '/submit/link-send',
        otpHref: '/otp',
        expiresInMinutes: 15,
      }),
  },
  {
    name: 'forgot',
    submit: 'Send reset link',
    render: (nonce) =>
      ui.forgotStep({
        nonce,
        appName: APP,
        action: '/submit/forgot',
        csrf: SAMPLE_CSRF,
        signInHref: '/email',
      }),
  },
  {
    name: 'reset',
    submit: 'Save password',
    render: (nonce) =>
      ui.resetStep({
        nonce,
        appName: APP,
        action: '/submit/reset',
        csrf: SAMPLE_CSRF,
        token: 'reset-token-abc',
        email: 'ada@example.com',
        passwordHint: 'At least 12 characters.',
        passwordMinLength: 12,
      }),
  },
  {
    name: 'organization',
    submit: 'Globex',
    render: (nonce) =>
      ui.organizationStep({
        nonce,
        appName: APP,
        action: '/submit/organization',
        csrf: SAMPLE_CSRF,
        organizations: [
          { id: 'org_1', name: 'Initech' },
          { id: 'org_2', name: 'Globex' },
        ],
      }),
  },
  {
    name: 'create-organization',
    submit: 'Create organization',
    render: (nonce) =>
      ui.createOrganizationStep({
        nonce,
        appName: APP,
        action: '/submit/create-organization',
        csrf: SAMPLE_CSRF,
      }),
  },
  {
    name: 'message',
    submit: 'Back to sign in',
    render: (nonce) =>
      ui.messagePage({
        nonce,
        appName: APP,
        title: 'This link has expired',
        message: 'Sign-in links work once and for 15 minutes. Ask for a new one.',
        link: { href: '/email', text: 'Back to sign in' },
      }),
  },
  {
    name: 'logout',
    submit: 'Sign out',
    render: (nonce) =>
      ui.logoutConfirm({
        nonce,
        appName: APP,
        action: '/submit/logout',
        csrf: SAMPLE_CSRF,
        xsrfFieldName: 'xsrf',
      }),
  },
];
