// A connection created with provider IDP_SIMULATOR trusts the built-in simulator from the start: its
// IdP side (entity id, SSO URL, certificate) is filled in here, so it is COMPLETED and can be enabled
// at once, as with Scalekit's and WorkOS's test IdPs.
import type { AppContext } from '../../app-context.ts';
import { invalidArgument } from '../../contract/api-error.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { parseCertificate } from '../../connections/idp-certificate.ts';
import { readSamlConfig, samlCompleteness } from '../../connections/saml-config.ts';
import { simulatorEndpoints } from './simulator-metadata.ts';
import { simulatorKeys } from './simulator-keys.ts';
import { refuseSimulatorWhenOff, SIMULATOR_PROVIDER } from './simulator-switch.ts';

export { SIMULATOR_PROVIDER };

export async function withSimulatorIdp(ctx: AppContext, row: ConnectionRow): Promise<ConnectionRow> {
  if (row.provider !== SIMULATOR_PROVIDER) return row;
  refuseSimulatorWhenOff(ctx, row.provider);
  // The simulator speaks SAML only; an OIDC connection to it could never be completed.
  if (row.type !== 'SAML') throw invalidArgument('IDP_SIMULATOR connections are of type SAML');
  const idp = simulatorEndpoints(ctx.config.publicUrl);
  const { certificatePem } = await simulatorKeys(ctx);
  const config = {
    ...readSamlConfig(row.saml_config),
    idp_entity_id: idp.entityId,
    idp_sso_url: idp.ssoUrl,
    certificates: [parseCertificate(certificatePem)],
  };
  const status = samlCompleteness(config) === 'complete' ? 'COMPLETED' : row.status;
  return { ...row, saml_config: JSON.stringify(config), status };
}
