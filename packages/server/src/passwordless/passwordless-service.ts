// PasswordlessService of the contract: the headless flow of Scalekit's passwordless guide. The app
// sends the mail for an address (with its own magiclink_auth_uri as the link's base), then verifies
// the code the user typed or the link_token its page received, and gets the email back.
import {
  PasswordlessType as PasswordlessTypeEnum,
  type PasswordlessService,
  TemplateType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { parseLinkBase } from '../credentials/link-url.ts';
import { stringMap } from '../users/user-input.ts';
import type { PasswordlessType, SentRequest, TemplateName } from './passwordless.ts';

type Handlers = ServiceHandlers<typeof PasswordlessService>;

const TYPE_ENUM: Record<PasswordlessType, PasswordlessTypeEnum> = {
  OTP: PasswordlessTypeEnum.OTP,
  LINK: PasswordlessTypeEnum.LINK,
  LINK_OTP: PasswordlessTypeEnum.LINK_OTP,
};

function templateName(value: TemplateType | undefined): TemplateName {
  if (value === undefined || value === TemplateType.UNSPECIFIED || value === TemplateType.SIGNIN)
    return 'SIGNIN';
  if (value === TemplateType.SIGNUP) return 'SIGNUP';
  throw invalidArgument('template must be SIGNIN or SIGNUP');
}

function sentReply(sent: SentRequest) {
  return {
    authRequestId: sent.authRequestId,
    expiresAt: BigInt(Math.floor(Date.parse(sent.expiresAt) / 1000)),
    expiresIn: sent.expiresInSeconds,
    passwordlessType: TYPE_ENUM[sent.passwordlessType],
  };
}

export function passwordlessHandlers(ctx: AppContext): Handlers {
  return {
    async sendPasswordlessEmail(req) {
      const template = templateName(req.template);
      // Accepted and checked as Scalekit's API does; the built-in mail has no custom template to fill.
      stringMap(req.templateVariables, 'template_variables');
      const uri = req.magiclinkAuthUri?.trim();
      const sent = await ctx.passwordless.send({
        email: req.email,
        template,
        state: req.state,
        linkUrlBase: uri ? parseLinkBase(uri, 'magiclink_auth_uri') : undefined,
        expiresInSeconds: req.expiresIn,
      });
      return sentReply(sent);
    },

    async verifyPasswordlessEmail(req) {
      const credential = req.authCredential;
      if (credential.case === undefined || credential.value.trim() === '') {
        throw invalidArgument('code or link_token is required');
      }
      const verified = await ctx.passwordless.verify({
        code: credential.case === 'code' ? credential.value : undefined,
        linkToken: credential.case === 'linkToken' ? credential.value : undefined,
        authRequestId: req.authRequestId,
      });
      return {
        email: verified.email,
        state: verified.state,
        template: verified.template === 'SIGNUP' ? TemplateType.SIGNUP : TemplateType.SIGNIN,
        passwordlessType: TYPE_ENUM[verified.passwordlessType],
      };
    },

    async resendPasswordlessEmail(req) {
      return sentReply(await ctx.passwordless.resend(req.authRequestId));
    },
  };
}
