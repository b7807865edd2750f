// VerifyDomain: looks up the domain's TXT record and, when one of its values is the one issued for
// this domain, marks it VERIFIED. A missing or different record leaves it PENDING (verified=false);
// checking again later is the way forward. Verified and auto-verified domains answer true at once.
import {
  VerificationStatus,
  type DomainService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { isoNow } from '../util/time.ts';
import { domainEventData } from './domain-mapper.ts';
import { domainOf, organizationOf } from './domain-request.ts';
import { transitionStatus } from './domain-store.ts';
import { TxtLookup } from './txt-lookup.ts';

type VerifyDomain = NonNullable<ServiceHandlers<typeof DomainService>['verifyDomain']>;

/** Some DNS consoles keep the quotes a user typed around the value; they are not part of it. */
const unquote = (value: string) => value.trim().replace(/^"(.*)"$/, '$1');

export function verifyHandler(ctx: AppContext): VerifyDomain {
  const lookup = new TxtLookup(ctx.config.dnsServers, ctx.config.dnsTimeoutMs);
  return async (req) => {
    // The contract's own rule for this request: the id carries the dom_ prefix.
    if (!req.id.startsWith('dom_')) throw invalidArgument('id must be a domain id (dom_…)');
    const org = await organizationOf(ctx, req.identities);
    const row = await domainOf(ctx, org, req.id);
    if (row.verification_status !== VerificationStatus.PENDING) {
      return {
        verified:
          row.verification_status === VerificationStatus.VERIFIED ||
          row.verification_status === VerificationStatus.AUTO_VERIFIED,
      };
    }
    const values = await lookup.values(row.txt_record_key);
    if (!values.some((value) => unquote(value) === row.txt_record_secret)) return { verified: false };
    await ctx.db.transaction().execute(async (trx) => {
      const verified = await transitionStatus(trx, row.id, VerificationStatus.PENDING, {
        status: VerificationStatus.VERIFIED,
        verifiedAt: isoNow(),
      });
      // Undefined: a concurrent call verified (and announced) it first, or it was deleted meanwhile.
      if (!verified) return;
      await appendEvent(trx, ctx.environmentId, {
        type: 'organization.domain_verified',
        organizationId: org.id,
        object: 'Domain',
        data: domainEventData(verified, ctx.environmentId),
      });
    });
    return { verified: true };
  };
}
