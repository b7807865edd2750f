// The body of UpdateOrganizationSessionPolicy. Timeouts are sent only for a CUSTOM policy, as the
// official SDK does: reverting to APPLICATION must not carry stale values along.
import type { OrganizationSessionPolicyInput } from './organization-types.ts';

export function sessionPolicyBody(policy: OrganizationSessionPolicyInput): object {
  if (policy.policySource !== 'CUSTOM') return { policySource: policy.policySource };
  return {
    policySource: 'CUSTOM',
    absoluteSessionTimeout: policy.absoluteSessionTimeout,
    absoluteSessionTimeoutUnit: policy.absoluteSessionTimeoutUnit,
    idleSessionTimeoutEnabled: policy.idleSessionTimeoutEnabled,
    idleSessionTimeout: policy.idleSessionTimeout,
    idleSessionTimeoutUnit: policy.idleSessionTimeoutUnit,
  };
}
