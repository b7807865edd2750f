// The SAML engine's configuration for a sign-in on a stored connection: samlConnectionConfig plus
// the SP key the connection pinned, as the request-signing key and/or the decryption key. Async
// because the key is read (and its private half unsealed) from saml_sp_keys.
import type { AppContext } from '../app-context.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { readSamlConfig } from '../connections/saml-config.ts';
import type { SamlConnectionConfig } from './saml/saml-config.ts';
import { samlConnectionConfig } from './saml-connection-config.ts';
import { activeSpKey, spKeyById } from './saml-sp-keys.ts';

/** Undefined when the connection cannot sign anyone in (as samlConnectionConfig). */
export async function samlLoginConfig(
  ctx: AppContext,
  row: ConnectionRow,
): Promise<SamlConnectionConfig | undefined> {
  const config = samlConnectionConfig(row, ctx.config.publicUrl);
  if (!config) return undefined;
  const stored = readSamlConfig(row.saml_config);
  if (!stored.want_request_signed && !stored.assertion_encrypted) return config;
  // Updates always pin a key (sp-key-binding.ts); a row written before that falls back to the active one.
  const key = stored.sp_certificate_id
    ? await spKeyById(ctx, stored.sp_certificate_id)
    : await activeSpKey(ctx);
  if (!key)
    throw new Error(`connection ${row.id} names SP certificate ${stored.sp_certificate_id}, which is gone`);
  const pair = { privateKeyPem: key.privateKeyPem, certificatePem: key.certificatePem };
  return {
    ...config,
    ...(stored.want_request_signed ? { signRequests: pair } : {}),
    ...(stored.assertion_encrypted ? { decryption: pair } : {}),
  };
}
