// Binds our service implementations to the contract. Every method of every contract service gets an
// entry; a method without an implementation answers UNIMPLEMENTED honestly, on every protocol.
import type {
  DescMethod,
  DescMethodUnary,
  DescService,
  MessageInitShape,
  MessageShape,
} from '@bufbuild/protobuf';
import { ApiError, unimplemented } from './api-error.ts';
import { contractServices } from './descriptors.ts';

/** Who is calling and from where; handed to every service method instead of the HTTP request. */
export interface CallContext {
  requestId: string;
  ip: string;
  principal: Principal;
}

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
export type ServiceHandlers<S extends DescService> = {
  [K in keyof UnaryMethods<S>]?: UnaryMethods<S>[K] extends DescMethodUnary<infer I, infer O>
    ? (request: MessageShape<I>, call: CallContext) => Promise<MessageInitShape<O>>
    : never;
};

export type AnyHandler = (request: unknown, call: CallContext) => Promise<unknown>;

export interface MethodEntry {
  service: DescService;
  method: DescMethod;
  /** gRPC path: /package.Service/Method */
  path: string;
  handler: AnyHandler;
  implemented: boolean;
}

export interface ServiceBinding {
  service: DescService;
  handlers: Record<string, AnyHandler | undefined>;
}

export function bindService<S extends DescService>(service: S, handlers: ServiceHandlers<S>): ServiceBinding {
  return { service, handlers: handlers as Record<string, AnyHandler | undefined> };
}

export function buildMethodTable(bindings: ServiceBinding[]): MethodEntry[] {
  const byService = new Map(bindings.map((b) => [b.service.typeName, b.handlers]));
  for (const binding of bindings) {
    for (const name of Object.keys(binding.handlers)) {
      if (!binding.service.methods.some((m) => m.localName === name)) {
        throw new Error(`${binding.service.typeName} has no method ${name}`);
      }
    }
  }
  const entries: MethodEntry[] = [];
  for (const service of contractServices) {
    const handlers = byService.get(service.typeName);
    for (const method of service.methods) {
      const impl = handlers?.[method.localName];
      const qualified = `${service.typeName}/${method.name}`;
      entries.push({
        service,
        method,
        path: `/${qualified}`,
        implemented: impl !== undefined,
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
