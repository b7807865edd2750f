// Every method of the contract is routed on every protocol: REST through its google.api.http rule,
// gRPC by its path. Methods not built yet answer UNIMPLEMENTED with the standard error body.
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ClientService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractServices } from '../src/contract/descriptors.ts';
import { httpBindings } from '../src/contract/http-rule.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const IMPLEMENTED = new Set([
  'scalekit.v1.organizations.OrganizationService',
  // All but ListAuthorizedDomains, which domains-rest.test.ts shows answering UNIMPLEMENTED.
  'scalekit.v1.domains.DomainService',
  'scalekit.v1.roles.RolesService',
  'scalekit.v1.auth.passwordless.PasswordlessService',
  'scalekit.v1.sessions.SessionService',
]);

// The organization M2M client and environment client (application) methods are built
// (clients-*.test.ts); the resource, scope and consent methods of ClientService are not.
const CLIENT_METHODS = [
  'ListClient',
  'CreateClient',
  'GetClient',
  'UpdateClient',
  'DeleteClient',
  'CreateClientSecret',
  'UpdateClientSecret',
  'DeleteClientSecret',
  'CreateOrganizationClient',
  'GetOrganizationClient',
  'ListOrganizationClients',
  'UpdateOrganizationClient',
  'DeleteOrganizationClient',
  'CreateOrganizationClientSecret',
  'DeleteOrganizationClientSecret',
];

// Services whose other methods are built: only these still answer UNIMPLEMENTED.
const PARTLY_IMPLEMENTED: Record<string, string[]> = {
  'scalekit.v1.clients.ClientService': ClientService.methods
    .map((m) => m.name)
    .filter((name) => !CLIENT_METHODS.includes(name)),
  // GetCurrentUser answers with a person's access token (auth-service.test.ts); a support hash
  // needs a support desk's secret, which Gatehouse does not have.
  'scalekit.v1.users.UserService': ['GetSupportHash'],
  // The rest is the hosted login page's API (auth-service.test.ts); these two belong to enterprise
  // SSO connections, and no error ids are issued for GetAuthError.
  'scalekit.v1.auth.AuthService': ['ListAuthMethods', 'UpdateLoginUserDetails', 'GetAuthError'],
  // Frontend events come from the hosted pages' scripts, which Gatehouse does not have yet.
  'scalekit.v1.events.EventsService': ['SendCustomEvent'],
  // SSO connection configuration and test results are built (connections-*.test.ts,
  // sso-connection-test.test.ts); app connections / connection contexts belong to agent auth.
  'scalekit.v1.connections.ConnectionService': [
    'ListAppConnections',
    'GetConnectionContext',
    'UpdateConnectionContext',
  ],
};

function answersUnimplemented(service: string, method: string): boolean {
  return PARTLY_IMPLEMENTED[service]?.includes(method) ?? !IMPLEMENTED.has(service);
}

describe('the contract', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    token = await getToken(server);
  });
  afterAll(() => server.close());

  it('is read from the published descriptors: 17 services, 204 methods, each with an HTTP rule', () => {
    const methods = contractServices.flatMap((s) => s.methods);
    expect(contractServices).toHaveLength(17);
    expect(methods).toHaveLength(204);
    expect(methods.filter((m) => httpBindings(m).length === 0).map((m) => m.name)).toEqual([]);
  });

  it('routes every REST binding; unimplemented ones answer 501 with code 12 and ErrorInfo', async () => {
    let checked = 0;
    for (const service of contractServices) {
      for (const method of service.methods) {
        for (const binding of httpBindings(method)) {
          const path = binding.path.replace(/\{[^}]+\}/g, 'x_1');
          const res = await fetch(`${server.url}${path}`, {
            method: binding.verb,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: binding.body ? '{}' : undefined,
          });
          const body = (await res.json()) as { code?: number; details?: { error_code: string }[] };
          expect(body.details?.[0]?.error_code, `${binding.verb} ${binding.path}`).not.toBe(
            'ROUTE_NOT_FOUND',
          );
          if (answersUnimplemented(service.typeName, method.name)) {
            expect(res.status, `${binding.verb} ${binding.path}`).toBe(501);
            expect(body).toEqual({
              code: 12,
              message: `${service.typeName}/${method.name} is not implemented in this version of Gatehouse`,
              details: [
                {
                  '@type': 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo',
                  error_code: 'UNIMPLEMENTED',
                },
              ],
            });
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(204);
  });

  it('routes every method over gRPC; unimplemented ones answer UNIMPLEMENTED', async () => {
    const transport = createGrpcTransport({
      baseUrl: server.url,
      interceptors: [(next) => (req) => (req.header.set('authorization', `Bearer ${token}`), next(req))],
    });
    for (const service of contractServices) {
      if (IMPLEMENTED.has(service.typeName)) continue;
      const client = createClient(service, transport) as unknown as Record<
        string,
        (req: object) => Promise<unknown>
      >;
      for (const method of service.methods) {
        if (method.methodKind !== 'unary' || !answersUnimplemented(service.typeName, method.name)) continue;
        const error = await client[method.localName]!({}).catch((e: unknown) => e);
        expect(error, method.name).toBeInstanceOf(ConnectError);
        expect((error as ConnectError).code, method.name).toBe(Code.Unimplemented);
      }
    }
  });

  it('answers an unknown path with 404 and the error body', async () => {
    const res = await fetch(`${server.url}/api/v1/nothing-here`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 5, details: [{ error_code: 'ROUTE_NOT_FOUND' }] });
  });
});
