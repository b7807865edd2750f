// Which contract services are implemented, and by what. Adding a capability means adding its
// binding here; everything else in the contract answers UNIMPLEMENTED on its own.
import { AuthService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/auth_pb.js';
import { ClientService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import { ConnectionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { EventsService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js';
import { DomainService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { PasswordlessService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import { SessionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js';
import { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { AppContext } from './app-context.ts';
import { bindService, type ServiceBinding } from './contract/service-registry.ts';
import { applicationSecretHandlers } from './clients/application-secret-service.ts';
import { applicationHandlers } from './clients/application-service.ts';
import { organizationClientHandlers } from './clients/org-client-service.ts';
import { connectionHandlers } from './connections/connection-service.ts';
import { domainHandlers } from './domains/domain-service.ts';
import { eventsHandlers } from './events/events-service.ts';
import { organizationHandlers } from './organizations/organization-service.ts';
import { settingsHandlers } from './organizations/settings-service.ts';
import { passwordlessHandlers } from './passwordless/passwordless-service.ts';
import { portalLinkHandlers } from './portal/portal-link-service.ts';
import { rolesServiceHandlers } from './roles/roles-service.ts';
import { sessionHandlers } from './sessions/session-service.ts';
import { authHandlers } from './signin/auth-service.ts';
import { currentUserHandlers } from './users/current-user-service.ts';
import { invitationHandlers } from './users/invitation-service.ts';
import { membershipHandlers } from './users/membership-service.ts';
import { userRoleHandlers } from './users/user-role-service.ts';
import { userHandlers } from './users/user-service.ts';

export function serviceBindings(ctx: AppContext): ServiceBinding[] {
  return [
    bindService(OrganizationService, {
      ...organizationHandlers(ctx),
      ...settingsHandlers(ctx),
      ...portalLinkHandlers(ctx),
    }),
    bindService(DomainService, domainHandlers(ctx)),
    bindService(ConnectionService, connectionHandlers(ctx)),
    bindService(RolesService, rolesServiceHandlers(ctx)),
    bindService(PasswordlessService, passwordlessHandlers(ctx)),
    bindService(EventsService, eventsHandlers(ctx)),
    bindService(SessionService, sessionHandlers(ctx)),
    bindService(ClientService, {
      ...organizationClientHandlers(ctx),
      ...applicationHandlers(ctx),
      ...applicationSecretHandlers(ctx),
    }),
    bindService(
      UserService,
      {
        ...userHandlers(ctx),
        ...membershipHandlers(ctx),
        ...userRoleHandlers(ctx),
        ...invitationHandlers(ctx),
      },
      { person: currentUserHandlers(ctx) },
    ),
    // Called by the hosted login page's script with the browser's sign-in cookie, not a token.
    bindService(AuthService, {}, { signIn: authHandlers(ctx) }),
  ];
}
