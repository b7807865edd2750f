// Checks the signatures a connection requires on the parsed Response and returns the XML of the
// assertion that its own signature covered: the only assertion content read afterwards. The
// assertion is always required signed (decrypted first when it came encrypted); the Response too
// when the connection says so. A Response signature the connection does not require is not relied
// on, so it is not checked: the envelope's values can only refuse (saml-envelope.ts).
import { decryptXml } from '@node-saml/node-saml/lib/xml.js';
import type { SamlConnectionConfig } from './saml-config.ts';
import { XML_DECLARATION, parseStrictXml } from './saml-input.ts';
import { pinnedKeys } from './saml-pinned-keys.ts';
import { SamlRejected } from './saml-rejected.ts';
import { verifySignedElement } from './saml-signature.ts';
import { SAML_ASSERTION_NS, childElement } from './saml-xml.ts';

export async function verifiedAssertionXml(config: SamlConnectionConfig, response: Element): Promise<string> {
  const keys = pinnedKeys(config.idpCertificates);
  if (config.wantResponseSigned === true) verifySignedElement(response, keys);
  const assertion = childElement(response, SAML_ASSERTION_NS, 'Assertion');
  if (assertion) return verifySignedElement(assertion, keys);
  const encrypted = childElement(response, SAML_ASSERTION_NS, 'EncryptedAssertion');
  if (!encrypted) throw new SamlRejected('missing_assertion');
  return verifySignedElement(await decryptedAssertion(config, encrypted), keys);
}

/** The decrypted Assertion, in a document of its own (as node-saml reads it), held to the same rules. */
async function decryptedAssertion(config: SamlConnectionConfig, encrypted: Element): Promise<Element> {
  if (!config.decryption) throw new SamlRejected('decryption_failed');
  let xml: string;
  try {
    xml = await decryptXml(encrypted.toString(), config.decryption.privateKeyPem);
  } catch (error) {
    throw new SamlRejected('decryption_failed', { cause: error });
  }
  if (XML_DECLARATION.test(xml)) throw new SamlRejected('doctype_forbidden');
  const assertion = parseStrictXml(xml).documentElement as Element;
  if (assertion.namespaceURI !== SAML_ASSERTION_NS || assertion.localName !== 'Assertion') {
    throw new SamlRejected('decryption_failed');
  }
  return assertion;
}
