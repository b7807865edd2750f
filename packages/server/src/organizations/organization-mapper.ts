// Organization rows as contract messages, and the event payloads that describe them.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { OrganizationSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { toTimestamp } from '../util/time.ts';
import type { OrganizationRow } from './organization-store.ts';

export type OrganizationInit = MessageInitShape<typeof OrganizationSchema>;

export interface FeatureSetting {
  name: string;
  enabled: boolean;
}

export const KNOWN_FEATURES = ['sso', 'dir_sync'] as const;

export function featuresOf(row: Pick<OrganizationRow, 'features'>): FeatureSetting[] {
  const stored = JSON.parse(row.features) as FeatureSetting[];
  return KNOWN_FEATURES.map((name) => ({
    name,
    enabled: stored.find((f) => f.name === name)?.enabled ?? false,
  }));
}

export function toOrganization(row: OrganizationRow): OrganizationInit {
  return {
    id: row.id,
    createTime: toTimestamp(row.created_at),
    updateTime: toTimestamp(row.updated_at),
    displayName: row.display_name,
    regionCode: row.region_code,
    externalId: row.external_id ?? undefined,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    settings: { features: featuresOf(row) },
    slug: row.slug ?? undefined,
    logoUrl: row.logo_url ?? undefined,
  };
}

/** The webhook/event form: plain JSON with proto field names, as REST clients see it. */
export function organizationEventData(row: OrganizationRow): Record<string, unknown> {
  return {
    organization: {
      id: row.id,
      display_name: row.display_name,
      external_id: row.external_id,
      metadata: JSON.parse(row.metadata) as Record<string, string>,
      slug: row.slug,
      logo_url: row.logo_url,
      settings: { features: featuresOf(row) },
      create_time: row.created_at,
      update_time: row.updated_at,
    },
  };
}
