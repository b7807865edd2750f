// Domain rows as contract messages, and the event payloads that describe them.
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  DomainType,
  VerificationMethod,
  VerificationStatus,
  type DomainSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { toTimestamp } from '../util/time.ts';
import type { DomainRow } from './domain-store.ts';

export type DomainInit = MessageInitShape<typeof DomainSchema>;

export function toDomain(row: DomainRow, environmentId: string): DomainInit {
  return {
    id: row.id,
    domain: row.domain,
    environmentId,
    organizationId: row.organization_id,
    txtRecordKey: row.txt_record_key,
    txtRecordSecret: row.txt_record_secret,
    verificationStatus: row.verification_status,
    verificationMethod: row.verification_method,
    domainType: row.domain_type,
    createTime: toTimestamp(row.created_at),
    updateTime: toTimestamp(row.updated_at),
  };
}

/** The webhook/event form: plain JSON with proto field names and enum names, as REST shows it. */
export function domainEventData(row: DomainRow, environmentId: string): Record<string, unknown> {
  return {
    domain: {
      id: row.id,
      domain: row.domain,
      environment_id: environmentId,
      organization_id: row.organization_id,
      domain_type: DomainType[row.domain_type] ?? 'DOMAIN_TYPE_UNSPECIFIED',
      verification_status: VerificationStatus[row.verification_status] ?? 'VERIFICATION_STATUS_UNSPECIFIED',
      verification_method: VerificationMethod[row.verification_method] ?? 'VERIFICATION_METHOD_UNSPECIFIED',
      txt_record_key: row.txt_record_key,
      txt_record_secret: row.txt_record_secret,
      verified_at: row.verified_at,
      create_time: row.created_at,
      update_time: row.updated_at,
    },
  };
}
