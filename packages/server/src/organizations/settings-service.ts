// The per-organization settings of OrganizationService: feature switches (sso, dir_sync), the
// session policy and the user-management limits. Stored as JSON columns on the organization row.
import type { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { isoNow } from '../util/time.ts';
import { featuresOf, KNOWN_FEATURES, organizationEventData, toOrganization } from './organization-mapper.ts';
import { requireOrganization } from './organization-service.ts';
import { savedColumns, type OrganizationRow } from './organization-store.ts';

type Handlers = ServiceHandlers<typeof OrganizationService>;

export interface StoredSessionPolicy {
  policySource?: number;
  absoluteSessionTimeout?: number;
  absoluteSessionTimeoutUnit?: number;
  idleSessionTimeoutEnabled?: boolean;
  idleSessionTimeout?: number;
  idleSessionTimeoutUnit?: number;
}

// The environment's application session policy until environment settings are editable:
// sessions last 7 days, idle timeout off, access tokens 5 minutes.
export const APPLICATION_POLICY = {
  absoluteSessionTimeout: 7,
  absoluteSessionTimeoutUnit: 3,
  idleSessionTimeoutEnabled: false,
  idleSessionTimeout: 30,
  idleSessionTimeoutUnit: 1,
  accessTokenExpiry: 300,
};

export const POLICY_APPLICATION = 1;
export const POLICY_CUSTOM = 2;
const MAX_TIMEOUT = 100_000;

async function saveRow(ctx: AppContext, next: OrganizationRow, type: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('organizations').set(savedColumns(next)).where('id', '=', next.id).execute();
    await appendEvent(trx, ctx.environmentId, {
      type,
      organizationId: next.id,
      object: 'Organization',
      data: organizationEventData(next),
    });
  });
}

function timeout(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT) {
    throw invalidArgument(`${field} must be between 1 and ${MAX_TIMEOUT}`);
  }
  return value;
}

function unit(value: number | undefined, field: string): number | undefined {
  if (!value) return undefined;
  if (![1, 2, 3].includes(value)) throw invalidArgument(`${field} must be MINUTES, HOURS or DAYS`);
  return value;
}

function policyMessage(policy: StoredSessionPolicy) {
  return {
    policySource: policy.policySource ?? POLICY_APPLICATION,
    absoluteSessionTimeout: policy.absoluteSessionTimeout,
    absoluteSessionTimeoutUnit: policy.absoluteSessionTimeoutUnit ?? 0,
    idleSessionTimeoutEnabled: policy.idleSessionTimeoutEnabled,
    idleSessionTimeout: policy.idleSessionTimeout,
    idleSessionTimeoutUnit: policy.idleSessionTimeoutUnit ?? 0,
  };
}

export function settingsHandlers(ctx: AppContext): Handlers {
  return {
    async updateOrganizationSettings(req) {
      const row = await requireOrganization(ctx, req.id);
      const features = featuresOf(row);
      for (const feature of req.settings?.features ?? []) {
        if (!(KNOWN_FEATURES as readonly string[]).includes(feature.name)) {
          throw invalidArgument(
            `settings.features: unknown feature "${feature.name}" (known: ${KNOWN_FEATURES.join(', ')})`,
          );
        }
        const target = features.find((f) => f.name === feature.name);
        if (target) target.enabled = feature.enabled;
      }
      const next = { ...row, features: JSON.stringify(features), updated_at: isoNow() };
      await saveRow(ctx, next, 'organization.settings_updated');
      return { organization: toOrganization(next) };
    },

    async getOrganizationSessionPolicy(req) {
      const row = await requireOrganization(ctx, req.organizationId);
      return { policy: policyMessage(JSON.parse(row.session_policy) as StoredSessionPolicy) };
    },

    async updateOrganizationSessionPolicy(req) {
      const row = await requireOrganization(ctx, req.organizationId);
      if (![0, POLICY_APPLICATION, POLICY_CUSTOM].includes(req.policySource)) {
        throw invalidArgument('policy_source must be APPLICATION or CUSTOM');
      }
      const current = JSON.parse(row.session_policy) as StoredSessionPolicy;
      const policy: StoredSessionPolicy = {
        policySource:
          req.policySource === 0 ? (current.policySource ?? POLICY_APPLICATION) : req.policySource,
        absoluteSessionTimeout:
          timeout(req.absoluteSessionTimeout, 'absolute_session_timeout') ?? current.absoluteSessionTimeout,
        absoluteSessionTimeoutUnit:
          unit(req.absoluteSessionTimeoutUnit, 'absolute_session_timeout_unit') ??
          current.absoluteSessionTimeoutUnit,
        idleSessionTimeoutEnabled: req.idleSessionTimeoutEnabled ?? current.idleSessionTimeoutEnabled,
        idleSessionTimeout:
          timeout(req.idleSessionTimeout, 'idle_session_timeout') ?? current.idleSessionTimeout,
        idleSessionTimeoutUnit:
          unit(req.idleSessionTimeoutUnit, 'idle_session_timeout_unit') ?? current.idleSessionTimeoutUnit,
      };
      const next = { ...row, session_policy: JSON.stringify(policy), updated_at: isoNow() };
      await saveRow(ctx, next, 'organization.session_policy_updated');
      return { policy: policyMessage(policy) };
    },

    async getApplicationSessionPolicy(req) {
      await requireOrganization(ctx, req.organizationId);
      return { applicationPolicy: APPLICATION_POLICY };
    },

    async upsertUserManagementSettings(req) {
      const row = await requireOrganization(ctx, req.organizationId);
      const max = req.settings?.maxAllowedUsers;
      if (max !== undefined && (max < 0 || max > 10_000_000)) {
        throw invalidArgument('settings.max_allowed_users must be between 0 and 10000000');
      }
      const settings = { maxAllowedUsers: max };
      const next = { ...row, user_management: JSON.stringify(settings), updated_at: isoNow() };
      await saveRow(ctx, next, 'organization.user_management_updated');
      return { settings };
    },

    async getOrganizationUserManagementSetting(req) {
      const row = await requireOrganization(ctx, req.organizationId);
      const stored = JSON.parse(row.user_management) as { maxAllowedUsers?: number };
      return { settings: { maxAllowedUsers: stored.maxAllowedUsers } };
    },
  };
}
