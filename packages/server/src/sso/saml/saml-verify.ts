// Runs node-saml over the response and returns the XML of the assertion its signature covered.
// node-saml's messages are mapped to stable reasons; the original stays only as the error's cause.
import { samlFor } from './saml-node-options.ts';
import type { SamlConnectionConfig } from './saml-config.ts';
import { SamlRejected, type SamlRejectReason } from './saml-rejected.ts';

export async function verifyWithNodeSaml(config: SamlConnectionConfig, xml: string): Promise<string> {
  let assertionXml: string | undefined;
  try {
    const { profile } = await samlFor(config).validatePostResponseAsync({
      SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'),
    });
    assertionXml = profile?.getAssertionXml?.();
  } catch (error) {
    if (error instanceof SamlRejected) throw error;
    throw new SamlRejected(reasonFor(error), { cause: error });
  }
  if (!assertionXml) throw new SamlRejected('missing_assertion');
  return assertionXml;
}

const REASONS: [RegExp, SamlRejectReason][] = [
  [/multiple assertions/i, 'multiple_assertions'],
  [/not yet valid/i, 'not_yet_valid'],
  [/expired/i, 'expired'],
  [/audience/i, 'wrong_audience'],
  [/decrypt|EncryptedAssertion content/i, 'decryption_failed'],
  [/signature|signed/i, 'invalid_signature'],
  [/issuer/i, 'wrong_issuer'],
];

function reasonFor(error: unknown): SamlRejectReason {
  const message = error instanceof Error ? error.message : String(error);
  return REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed';
}
