// Which contract services are implemented, and by what. Adding a capability means adding its
// binding here; everything else in the contract answers UNIMPLEMENTED on its own.
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import type { AppContext } from './app-context.ts';
import { bindService, type ServiceBinding } from './contract/service-registry.ts';
import { organizationHandlers } from './organizations/organization-service.ts';
import { settingsHandlers } from './organizations/settings-service.ts';
import { portalLinkHandlers } from './portal/portal-link-service.ts';

export function serviceBindings(ctx: AppContext): ServiceBinding[] {
  return [
    bindService(OrganizationService, {
      ...organizationHandlers(ctx),
      ...settingsHandlers(ctx),
      ...portalLinkHandlers(ctx),
    }),
  ];
}
