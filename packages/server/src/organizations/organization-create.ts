// Creating an organization: the new row with its defaults, and the insert with its
// `organization.created` event. Shared by CreateOrganization and sign-up's first organization.
import type { Kysely } from 'kysely';
import { appendEvent } from '../events/event-log.ts';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';
import { organizationEventData } from './organization-mapper.ts';
import type { OrganizationRow } from './organization-store.ts';

export type OrganizationFields = Pick<
  OrganizationRow,
  'display_name' | 'external_id' | 'slug' | 'logo_url' | 'region_code' | 'metadata'
>;

export function newOrganizationRow(fields: OrganizationFields): OrganizationRow {
  const now = isoNow();
  return {
    id: newId('org'),
    ...fields,
    features: '[]',
    session_policy: '{}',
    user_management: '{}',
    default_member_role_id: null,
    member_count: 0,
    created_at: now,
    updated_at: now,
  };
}

export async function insertOrganization(
  trx: Kysely<Database>,
  environmentId: string,
  row: OrganizationRow,
): Promise<void> {
  await trx.insertInto('organizations').values(row).execute();
  await appendEvent(trx, environmentId, {
    type: 'organization.created',
    organizationId: row.id,
    object: 'Organization',
    data: organizationEventData(row),
  });
}
