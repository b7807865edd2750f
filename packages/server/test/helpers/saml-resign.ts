// Signs an edited assertion again with the IdP's own key (xml-crypto), so a test can present content
// that the pinned certificate really signed: unusual but valid signature forms must verify, and
// signed structures the rules forbid must be refused by those rules, not by a broken signature.
import { SignedXml } from 'xml-crypto';
import type { TestKeyPair } from './saml-certs.ts';
import { decode, editResponse, encode, removeSignatures } from './saml-xml-edit.ts';

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

const ASSERTION = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";

export interface SigningForm {
  /** SignedInfo's CanonicalizationMethod. */
  canonicalization?: string;
  transforms?: string[];
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  /** What the Reference points at (the signature always sits in the assertion, after its Issuer). */
  referenceXpath?: string;
  /** URI="" (the whole document) instead of "#id". */
  emptyUri?: boolean;
  /** exclusive c14n's InclusiveNamespaces PrefixList. */
  inclusivePrefixes?: string[];
  /** Sign with HMAC-SHA1 keyed by the IdP's public certificate text (the key-confusion attack). */
  hmacWithCertificate?: boolean;
}

export function resignAssertion(
  samlResponse: string,
  keys: TestKeyPair,
  edit: (doc: Document) => void = () => {},
  form: SigningForm = {},
): string {
  const xml = decode(
    editResponse(samlResponse, (doc) => {
      removeSignatures(doc);
      edit(doc);
    }),
  );
  const canonicalization = form.canonicalization ?? EXC_C14N;
  const signer = new SignedXml({
    privateKey: form.hmacWithCertificate ? keys.certificatePem : keys.privateKeyPem,
    publicCert: form.hmacWithCertificate ? undefined : keys.certificatePem,
    signatureAlgorithm: form.signatureAlgorithm ?? RSA_SHA256,
    canonicalizationAlgorithm: canonicalization,
    inclusiveNamespacesPrefixList: form.inclusivePrefixes,
  });
  if (form.hmacWithCertificate) {
    signer.enableHMAC();
    signer.signatureAlgorithm = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';
  }
  signer.addReference({
    xpath: form.referenceXpath ?? ASSERTION,
    transforms: form.transforms ?? [ENVELOPED, canonicalization],
    digestAlgorithm: form.digestAlgorithm ?? SHA256,
    isEmptyUri: form.emptyUri ?? false,
    inclusiveNamespacesPrefixList: form.inclusivePrefixes,
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${ASSERTION}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return encode(signer.getSignedXml());
}
