// DomainService through the official @scalekit-sdk/node (gRPC over HTTP/2) as an independent client,
// and through a plain gRPC client from the same descriptors for what the SDK does not expose:
// external_id addressing, pages, UpdateDomain, VerifyDomain and out-of-range enum values.
import { Code, createClient, type Client } from '@connectrpc/connect';
import { ScalekitBadRequestException, ScalekitConflictException, type Scalekit } from '@scalekit-sdk/node';
import {
  DomainService,
  DomainType,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { beforeAll, expect, it } from 'vitest';
import { expectConnectError, transport } from './helpers/grpc.ts';
import { CONFLICT, expectSdkError, INVALID, officialClient, sdkRefusals } from './helpers/official-sdk.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';

describeEachEngine('official @scalekit-sdk/node: domains', (engine) => {
  const ctx = useServer(engine);
  let sdk: Scalekit;
  let grpc: Client<typeof DomainService>;
  beforeAll(() => {
    sdk = officialClient(ctx.server);
    const base = transport(ctx.server.url, 'grpc');
    grpc = createClient(DomainService, {
      unary: (method, signal, timeoutMs, header, input, values) => {
        const headers = new Headers(header);
        headers.set('authorization', `Bearer ${ctx.token}`);
        return base.unary(method, signal, timeoutMs, headers, input, values);
      },
      stream: (...args) => base.stream(...args),
    });
  });
  const newOrg = async (externalId?: string) =>
    (await sdk.organization.createOrganization(`Domains ${unique()}`, externalId ? { externalId } : {}))
      .organization!;
  const { notFound } = sdkRefusals;

  it('creates, gets, lists (by type) and deletes, with the SDK’s enums and timestamps', async () => {
    const org = await newOrg();
    const name = `official-${unique()}.com`;
    const created = (await sdk.domain.createDomain(org.id, name)).domain!;
    expect(created).toMatchObject({
      id: expect.stringMatching(/^dom_/),
      domain: name,
      organizationId: org.id,
      environmentId: ctx.server.running.ctx.environmentId,
      domainType: DomainType.ORGANIZATION_DOMAIN,
      verificationStatus: VerificationStatus.PENDING,
      verificationMethod: VerificationMethod.DNS,
      txtRecordKey: `_gatehouse-verification.${name}`,
    });
    expect(created.createTime?.seconds).toBeGreaterThan(0n);
    const allowed = (
      await sdk.domain.createDomain(org.id, `allowed-${unique()}.com`, { domainType: 'ALLOWED_EMAIL_DOMAIN' })
    ).domain!;
    expect(allowed.verificationStatus).toBe(VerificationStatus.AUTO_VERIFIED);

    expect((await sdk.domain.getDomain(org.id, created.id)).domain).toEqual(created);
    expect((await sdk.domain.listDomains(org.id)).domains).toEqual([created, allowed]);
    const onlyAllowed = await sdk.domain.listDomains(org.id, { domainType: DomainType.ALLOWED_EMAIL_DOMAIN });
    expect(onlyAllowed.domains).toEqual([allowed]);
    expect(onlyAllowed.pageSize).toBe(1);

    await sdk.domain.deleteDomain(org.id, created.id);
    await notFound(sdk.domain.getDomain(org.id, created.id));
    await notFound(sdk.domain.deleteDomain(org.id, created.id));
    expect((await sdk.domain.listDomains(org.id)).domains).toEqual([allowed]);
  });

  it('refuses duplicates across organizations and names that are not a business domain', async () => {
    const [first, second] = [await newOrg(), await newOrg()];
    const name = `shared-${unique()}.com`;
    await sdk.domain.createDomain(first.id, name);
    await expectSdkError(
      sdk.domain.createDomain(second.id, name.toUpperCase()),
      ScalekitConflictException,
      CONFLICT,
    );
    await expectSdkError(sdk.domain.createDomain(first.id, name), ScalekitConflictException, CONFLICT);
    for (const bad of ['gmail.com', 'localhost', '10.0.0.1', '*.acme.com', 'co.uk']) {
      await expectSdkError(sdk.domain.createDomain(first.id, bad), ScalekitBadRequestException, INVALID);
    }
    await notFound(sdk.domain.createDomain('org_nope', `x-${unique()}.com`));
    await notFound(sdk.domain.getDomain(second.id, (await sdk.domain.listDomains(first.id)).domains[0]!.id));
  });

  it('addresses the organization by external_id as well', async () => {
    const externalId = `ext-${unique()}`;
    const org = await newOrg(externalId);
    const identities = { case: 'externalId' as const, value: externalId };
    const { domain } = await grpc.createDomain({ identities, domain: { domain: `ext-${unique()}.com` } });
    expect(domain?.organizationId).toBe(org.id);
    expect((await grpc.getDomain({ identities, id: domain!.id })).domain).toEqual(domain);
    expect((await grpc.listDomains({ identities })).domains).toEqual([domain]);
    expect((await grpc.updateDomain({ identities, id: domain!.id, domain: {} })).domain).toEqual(domain);
    // An allowed email domain needs no DNS, so this stays off the real network.
    const allowed = await grpc.createDomain({
      identities,
      domain: { domain: `ext-allowed-${unique()}.com`, domainType: DomainType.ALLOWED_EMAIL_DOMAIN },
    });
    expect(await grpc.verifyDomain({ identities, id: allowed.domain!.id })).toMatchObject({ verified: true });
    await grpc.deleteDomain({ identities, id: domain!.id });
    await expectConnectError(
      grpc.getDomain({ identities: { case: 'externalId', value: 'no-such-ext' }, id: domain!.id }),
      Code.NotFound,
      'NOT_FOUND',
    );
  });

  it('pages with page_size and page_number, and refuses what the contract does not allow', async () => {
    const org = await newOrg();
    const identities = { case: 'organizationId' as const, value: org.id };
    const tag = unique();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await grpc.createDomain({ identities, domain: { domain: `g${i}-${tag}.com` } })).domain!.id);
    }
    const page1 = await grpc.listDomains({ identities, pageSize: 2, pageNumber: 1 });
    expect({ size: page1.pageSize, number: page1.pageNumber, ids: page1.domains.map((d) => d.id) }).toEqual({
      size: 1,
      number: 1,
      ids: [ids[2]],
    });
    const invalid = (call: Promise<unknown>) =>
      expectConnectError(call, Code.InvalidArgument, 'INVALID_ARGUMENT');
    await invalid(grpc.listDomains({ identities, pageSize: 500 }));
    await invalid(grpc.listDomains({ identities: { case: undefined } }));
    await invalid(
      grpc.createDomain({ identities, domain: { domain: `e-${tag}.com`, domainType: 7 as DomainType } }),
    );
    await invalid(grpc.createDomain({ identities }));
    await invalid(grpc.verifyDomain({ identities, id: '' }));
    await invalid(grpc.getDomain({ identities, id: '' }));
    await expectConnectError(
      grpc.listAuthorizedDomains({ origin: 'https://app.example' }),
      Code.Unimplemented,
      'UNIMPLEMENTED',
    );
  });
});
