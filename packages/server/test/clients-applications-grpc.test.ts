// Environment clients over gRPC (and Connect), with a client built from the published descriptors
// (the official SDK has no methods for them): secret rotation checked at /oauth/token, deactivation,
// the last-secret protection, and events that never carry a secret.
import { Code, createClient, type Client } from '@connectrpc/connect';
import {
  ClientSecretStatus,
  ClientService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import { beforeAll, expect, it } from 'vitest';
import { clientEvents, tokenFor } from './helpers/clients.ts';
import { authorizedTransport, expectConnectError, type Protocol } from './helpers/grpc.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

function clientService(baseUrl: string, token: string, protocol: Protocol): Client<typeof ClientService> {
  return createClient(ClientService, authorizedTransport(baseUrl, `Bearer ${token}`, protocol));
}

describeEachEngine('environment clients over gRPC', (engine) => {
  const ctx = useServer(engine);
  let grpc: Client<typeof ClientService>;
  beforeAll(() => {
    grpc = clientService(ctx.server.url, ctx.token, 'grpc');
  });
  const tokenStatus = async (id: string, secret: string) =>
    (await tokenFor(ctx.server.url, id, secret)).status;

  it('rotates secrets: a new one works at once, a deactivated or deleted one is refused', async () => {
    const { client } = await grpc.createClient({
      client: { name: 'Rotating', postLoginUris: ['https://rot.example.com/cb'] },
    });
    const id = client!.id;
    const first = client!.secrets[0]!;
    const firstPlain = first.plainSecret!;
    expect(firstPlain).toMatch(/^ghs_/);
    expect(first.secretSuffix).toBe(firstPlain.slice(-4));

    const second = await grpc.createClientSecret({ clientId: id });
    expect(second.secret!.status).toBe(ClientSecretStatus.ACTIVE);
    expect(second.secret!.plainSecret ?? '').toBe('');
    expect(await tokenStatus(id, firstPlain)).toBe(200);
    expect(await tokenStatus(id, second.plainSecret)).toBe(200);

    const off = await grpc.updateClientSecret({
      clientId: id,
      secretId: first.id,
      secret: { status: ClientSecretStatus.INACTIVE },
    });
    expect(off.secret!.status).toBe(ClientSecretStatus.INACTIVE);
    expect(await tokenStatus(id, firstPlain)).toBe(401);
    const got = (await grpc.getClient({ clientId: id })).client!;
    expect(got.secrets.map((s) => [s.id, s.status])).toEqual([
      [first.id, ClientSecretStatus.INACTIVE],
      [second.secret!.id, ClientSecretStatus.ACTIVE],
    ]);

    // The only active secret can be neither deactivated nor deleted.
    const secondId = second.secret!.id;
    const inactive = { status: ClientSecretStatus.INACTIVE };
    await expectConnectError(
      grpc.updateClientSecret({ clientId: id, secretId: secondId, secret: inactive }),
      Code.FailedPrecondition,
      'FAILED_PRECONDITION',
    );
    await expectConnectError(
      grpc.deleteClientSecret({ clientId: id, secretId: secondId }),
      Code.FailedPrecondition,
      'FAILED_PRECONDITION',
    );
    expect(await tokenStatus(id, second.plainSecret)).toBe(200);

    // An inactive secret can be deleted (it is not the last active one), or reactivated.
    await grpc.updateClientSecret({
      clientId: id,
      secretId: first.id,
      secret: { status: ClientSecretStatus.ACTIVE },
    });
    expect(await tokenStatus(id, firstPlain)).toBe(200);
    await grpc.deleteClientSecret({ clientId: id, secretId: first.id });
    expect(await tokenStatus(id, firstPlain)).toBe(401);
    await expectConnectError(
      grpc.deleteClientSecret({ clientId: id, secretId: first.id }),
      Code.NotFound,
      'NOT_FOUND',
    );

    // Neither reads nor events ever show a secret's value.
    const listed = await grpc.listClient({ pageSize: 100 });
    const text = JSON.stringify(
      [listed, await grpc.getClient({ clientId: id }), await clientEvents(ctx.server, id)],
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
    expect(text).not.toContain(firstPlain);
    expect(text).not.toContain(second.plainSecret);
    expect((await clientEvents(ctx.server, id)).map((e) => e.type)).toEqual([
      'client.created',
      'client.secret_created',
      'client.secret_updated',
      'client.secret_updated',
      'client.secret_deleted',
    ]);
  });

  it('keeps one secret when two deletions race for the last two', async () => {
    const { client } = await grpc.createClient({ client: { name: 'Racing' } });
    const id = client!.id;
    const second = await grpc.createClientSecret({ clientId: id });
    const results = await Promise.allSettled(
      [client!.secrets[0]!.id, second.secret!.id].map((secretId) =>
        grpc.deleteClientSecret({ clientId: id, secretId }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const left = (await grpc.getClient({ clientId: id })).client!.secrets;
    expect(left).toHaveLength(1);
    expect(left[0]!.status).toBe(ClientSecretStatus.ACTIVE);
    await grpc.deleteClient({ clientId: id });
  });

  it('holds at most five secrets per client', async () => {
    const { client } = await grpc.createClient({ client: { name: 'Many secrets' } });
    for (let i = 0; i < 4; i++) await grpc.createClientSecret({ clientId: client!.id });
    await expectConnectError(
      grpc.createClientSecret({ clientId: client!.id }),
      Code.FailedPrecondition,
      'FAILED_PRECONDITION',
    );
    await grpc.deleteClient({ clientId: client!.id });
  });

  it("protects the bootstrap client's only secret, so its admin cannot lock themselves out", async () => {
    const self = (await grpc.getClient({ clientId: ctx.server.clientId })).client!;
    expect(self.secrets).toHaveLength(1);
    const secretId = self.secrets[0]!.id;
    await expectConnectError(
      grpc.deleteClientSecret({ clientId: self.id, secretId }),
      Code.FailedPrecondition,
      'FAILED_PRECONDITION',
    );
    await expectConnectError(
      grpc.updateClientSecret({
        clientId: self.id,
        secretId,
        secret: { status: ClientSecretStatus.INACTIVE },
      }),
      Code.FailedPrecondition,
      'FAILED_PRECONDITION',
    );
    await expectConnectError(
      grpc.deleteClient({ clientId: self.id }),
      Code.FailedPrecondition,
      'FAILED_PRECONDITION',
    );
    expect(await tokenStatus(ctx.server.clientId, ctx.server.clientSecret)).toBe(200);
  });

  it('validates over every protocol alike and answers with the ErrorInfo detail', async () => {
    for (const protocol of ['grpc', 'connect', 'grpc-web'] as const) {
      const api = clientService(ctx.server.url, ctx.token, protocol);
      const error = await expectConnectError(
        api.updateClient({
          clientId: ctx.server.clientId,
          client: { postLoginUris: ['http://evil.example.com/cb'] },
        }),
        Code.InvalidArgument,
        'INVALID_ARGUMENT',
      );
      expect(error.rawMessage).toMatch(/post_login_uris: "http:\/\/evil\.example\.com\/cb" must use https/);
      await expectConnectError(api.getClient({ clientId: 'skc_missing' }), Code.NotFound, 'NOT_FOUND');
    }
    const updated = await grpc.updateClient({
      clientId: ctx.server.clientId,
      client: { postLoginUris: ['https://ok.example.com/cb'], accessTokenExpiry: 900n },
      mask: { paths: ['post_login_uris', 'access_token_expiry'] },
    });
    expect(updated.client).toMatchObject({
      postLoginUris: ['https://ok.example.com/cb'],
      accessTokenExpiry: 900n,
    });
  });
});
