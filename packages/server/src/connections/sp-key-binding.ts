// Attaches the SP key to a SAML connection as an update leaves it. A connection that turns on signed
// requests or encrypted assertions is pinned to the environment's active SP key (created on first
// use) unless it names one; a named certificate_id must be a key that exists and is not retired.
// Pinning by id means a later rollover never changes the certificate a connection's IdP trusts
// behind its back.
import type { AppContext } from '../app-context.ts';
import { failedPrecondition, invalidArgument } from '../contract/api-error.ts';
import { activeSpKey, readSpKey } from '../sso/saml-sp-keys.ts';
import type { ConnectionRow } from './connection-store.ts';
import { readSamlConfig, usesSpKey } from './saml-config.ts';

export async function withSpKey(
  ctx: AppContext,
  current: ConnectionRow,
  next: ConnectionRow,
): Promise<ConnectionRow> {
  if (next.type !== 'SAML') return next;
  const before = readSamlConfig(current.saml_config);
  const config = readSamlConfig(next.saml_config);
  const named = config.sp_certificate_id;
  if (named !== undefined && named !== before.sp_certificate_id) {
    const key = await readSpKey(ctx, named);
    if (!key) throw invalidArgument(`certificate_id ${named} is not a service-provider certificate`);
    if (key.status === 'retired') {
      throw failedPrecondition(`certificate ${named} is retired; use the active or the next certificate`);
    }
    return next;
  }
  if (named !== undefined || !usesSpKey(config)) return next;
  const { id } = await activeSpKey(ctx);
  return { ...next, saml_config: JSON.stringify({ ...config, sp_certificate_id: id }) };
}
