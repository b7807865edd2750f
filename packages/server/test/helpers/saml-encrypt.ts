// Encrypts an assertion's exact text to an SP certificate, as IdPs (and samlify) do: XML Encryption
// with AES-256-CBC for the content and RSA-OAEP (MGF1, SHA-1) for the key. samlify encrypts only
// the one well-formed Assertion of a response it re-serializes; tests that need arbitrary text
// encrypted byte for byte (odd, mutated or duplicated assertions) use this instead.
import { constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';

const XENC = 'http://www.w3.org/2001/04/xmlenc#';

/** An `<xenc:EncryptedData>` element holding `xml`, for the SP whose certificate this is. */
export function encryptedData(xml: string, certificatePem: string): string {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const content = Buffer.concat([iv, cipher.update(xml, 'utf8'), cipher.final()]);
  const wrapped = publicEncrypt(
    { key: certificatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    key,
  );
  return (
    `<xenc:EncryptedData xmlns:xenc="${XENC}" Type="${XENC}Element">` +
    `<xenc:EncryptionMethod Algorithm="${XENC}aes256-cbc"/>` +
    '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>' +
    `<xenc:EncryptionMethod Algorithm="${XENC}rsa-oaep-mgf1p">` +
    '<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>' +
    `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedKey></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${content.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedData>'
  );
}

/** `response` (an encrypted one) with its EncryptedAssertion's content replaced by `xml`, encrypted. */
export function withEncryptedAssertion(response: string, xml: string, certificatePem: string): string {
  const pattern = /(<([\w-]+:)?EncryptedAssertion\b[^>]*>)[\s\S]*(<\/\2EncryptedAssertion>)/;
  if (!pattern.test(response)) throw new Error('the response has no EncryptedAssertion');
  return response.replace(
    pattern,
    (_, open: string, _prefix, close: string) => `${open}${encryptedData(xml, certificatePem)}${close}`,
  );
}
