// Which service provider an AuthnRequest comes from, and where the signed answer may go. The SP is
// a Gatehouse connection of provider IDP_SIMULATOR, found by the request's Issuer (its sp_entity_id);
// the answer goes only to that connection's own ACS. A request naming any other ACS is refused: the
// simulator must never post a signed assertion to an address an outsider chose.
import type { AppContext } from '../../app-context.ts';
import { spEndpoints, SAML_PATH } from '../../connections/connection-urls.ts';
import { readSamlConfig } from '../../connections/saml-config.ts';
import { NAME_ID_FORMATS } from '../../connections/sp-metadata.ts';
import { BadAuthnRequest, type SimulatorAuthnRequest } from './simulator-authn-request.ts';
import { SIMULATOR_PROVIDER } from './simulator-connection.ts';

export interface SimulatorSp {
  connectionId: string;
  spEntityId: string;
  acsUrl: string;
  nameIdFormat: string;
}

const CONNECTION_ID = /^conn_[0-9a-z]{1,64}$/;

export async function resolveSp(ctx: AppContext, request: SimulatorAuthnRequest): Promise<SimulatorSp> {
  const prefix = `${ctx.config.publicUrl}${SAML_PATH}`;
  const connectionId = request.issuer.startsWith(prefix) ? request.issuer.slice(prefix.length) : '';
  const sp = await simulatorSpById(ctx, connectionId);
  // Exact comparison: the Issuer must be the entity id itself, not a longer string that starts with it.
  if (!sp || sp.spEntityId !== request.issuer) throw unknownSp();
  if (request.acsUrl !== undefined && request.acsUrl !== sp.acsUrl) {
    throw new BadAuthnRequest(
      `the AuthnRequest asks for an ACS URL that is not this connection's (${sp.acsUrl})`,
    );
  }
  return sp;
}

/** The IDP_SIMULATOR SAML connection with this id as an SP, or undefined (also for a malformed id). */
export async function simulatorSpById(
  ctx: AppContext,
  connectionId: string,
): Promise<SimulatorSp | undefined> {
  if (!CONNECTION_ID.test(connectionId)) return undefined;
  const row = await ctx.db
    .selectFrom('connections')
    .select(['id', 'type', 'provider', 'saml_config'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row || row.type !== 'SAML' || row.provider !== SIMULATOR_PROVIDER) return undefined;
  const sp = spEndpoints(ctx.config.publicUrl, row.id);
  const format = readSamlConfig(row.saml_config).name_id_format;
  return {
    connectionId: row.id,
    spEntityId: sp.entityId,
    acsUrl: sp.assertionUrl,
    nameIdFormat: NAME_ID_FORMATS[format] ?? NAME_ID_FORMATS.EMAIL!,
  };
}

function unknownSp(): BadAuthnRequest {
  return new BadAuthnRequest('the AuthnRequest comes from no IDP_SIMULATOR connection of this environment');
}
