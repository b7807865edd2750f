// Binds our service implementations to the contract. Every method of every contract service gets an
// entry; a method without an implementation answers UNIMPLEMENTED honestly, on every protocol.
import type {
  DescMethod,
  DescMethodUnary,
  DescService,
  MessageInitShape,
  MessageShape,
} from '@bufbuild/protobuf';
import type { BrowserSignIn } from '../signin/browser-sign-in.ts';
import { ApiError, unimplemented } from './api-error.ts';
import { contractServices } from './descriptors.ts';

/** Who is calling and from where; handed to every service method instead of the HTTP request. */
export interface CallContext {
  requestId: string;
  ip: string;
  principal: Principal;
}

/**
 * Who may call a method: an API client's management token (every method but the few below), a
 * signed-in person's access token (UserService.GetCurrentUser), or the browser of a sign-in in
 * progress through its cookies (AuthService, which the hosted login page's script calls).
 */
export type Access = 'management' | 'person' | 'sign-in';

/** A call made with the access token of a signed-in person (auth/person-token.ts). */
export interface PersonCallContext {
  requestId: string;
  ip: string;
  person: PersonPrincipal;
}

export interface PersonPrincipal {
  userId: string;
  /** The Gatehouse session the token belongs to (`ses_…`, the token's sid). */
  sessionId: string;
  /** The application the token was issued to. */
  clientId: string;
  organizationId: string | null;
}

/** A call from a browser, about the sign-in its cookies point at (signin/browser-sign-in.ts). */
export interface SignInCallContext {
  requestId: string;
  ip: string;
  signIn: BrowserSignIn;
}

export type AnyCallContext = CallContext | PersonCallContext | SignInCallContext;

export interface Principal {
  /** The API client the bearer token was issued to. */
  clientId: string;
  kind: 'environment' | 'organization';
  organizationId: string | null;
}

type UnaryMethods<S extends DescService> = {
  [K in keyof S['method'] as S['method'][K] extends DescMethodUnary ? K : never]: S['method'][K];
};

/** The handler map of one contract service, typed from its descriptor; every method is optional. */
export type ServiceHandlers<S extends DescService, C = CallContext> = {
  [K in keyof UnaryMethods<S>]?: UnaryMethods<S>[K] extends DescMethodUnary<infer I, infer O>
    ? (request: MessageShape<I>, call: C) => Promise<MessageInitShape<O>>
    : never;
};

/** Handlers of a service's methods that are not called with a management token. */
export interface OtherCallers<S extends DescService> {
  person?: ServiceHandlers<S, PersonCallContext>;
  signIn?: ServiceHandlers<S, SignInCallContext>;
}

/** The protocol handlers build the context the entry's `access` calls for (auth/call-access.ts). */
export type AnyHandler = (request: unknown, call: AnyCallContext) => Promise<unknown>;

export interface MethodEntry {
  service: DescService;
  method: DescMethod;
  /** gRPC path: /package.Service/Method */
  path: string;
  handler: AnyHandler;
  implemented: boolean;
  access: Access;
}

export interface ServiceBinding {
  service: DescService;
  handlers: Record<string, AnyHandler | undefined>;
  /** Methods called otherwise than with a management token; absent: management. */
  access: Record<string, Access>;
}

export function bindService<S extends DescService>(
  service: S,
  handlers: ServiceHandlers<S>,
  others: OtherCallers<S> = {},
): ServiceBinding {
  const all = { ...handlers } as Record<string, AnyHandler | undefined>;
  const access: Record<string, Access> = {};
  for (const [kind, map] of [
    ['person', others.person],
    ['sign-in', others.signIn],
  ] as const) {
    for (const [name, handler] of Object.entries(map ?? {})) {
      if (name in all) throw new Error(`${service.typeName}.${name} is bound twice`);
      all[name] = handler as AnyHandler;
      access[name] = kind;
    }
  }
  return { service, handlers: all, access };
}

export function buildMethodTable(bindings: ServiceBinding[]): MethodEntry[] {
  const byService = new Map(bindings.map((b) => [b.service.typeName, b]));
  for (const binding of bindings) {
    for (const name of Object.keys(binding.handlers)) {
      if (!binding.service.methods.some((m) => m.localName === name)) {
        throw new Error(`${binding.service.typeName} has no method ${name}`);
      }
    }
  }
  const entries: MethodEntry[] = [];
  for (const service of contractServices) {
    const binding = byService.get(service.typeName);
    for (const method of service.methods) {
      const impl = binding?.handlers[method.localName];
      const qualified = `${service.typeName}/${method.name}`;
      entries.push({
        service,
        method,
        path: `/${qualified}`,
        implemented: impl !== undefined,
        access: binding?.access[method.localName] ?? 'management',
        handler:
          impl ??
          (async () => {
            throw unimplemented(qualified);
          }),
      });
    }
  }
  return entries;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
