// IdP metadata for import tests: the vendor-shaped fixtures (test/fixtures/idp-metadata, public
// certificates only), hostile or broken variants built from them, and a local HTTP server whose
// answers a test can change (to roll a certificate over, fail, or hang).
import fs from 'node:fs';
import path from 'node:path';
import { startSmallServer, type SmallServer } from './page-server.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'idp-metadata');

export type FixtureName = 'okta' | 'entra-id' | 'google';

export function fixture(name: FixtureName): string {
  return fs.readFileSync(path.join(FIXTURES, `${name}.xml`), 'utf8');
}

/** The base64 bodies of every X509Certificate in a document, in order. */
export function certificateBodies(xml: string): string[] {
  return [...xml.matchAll(/X509Certificate>([^<]+)</g)].map((m) => m[1]!.replace(/\s+/g, ''));
}

const withoutDeclaration = (xml: string) => xml.replace(/^<\?xml[^>]*\?>\s*/, '');

/** Broken and hostile documents, each refused for one reason. */
export const badDocuments = {
  doctype: () =>
    fixture('okta').replace(
      /^(<\?xml[^>]*\?>)/,
      '$1<!DOCTYPE md:EntityDescriptor [<!ENTITY idp "http://www.okta.com/evil">]>',
    ),
  oversized: () =>
    fixture('okta').replace(
      '</md:EntityDescriptor>',
      `<!-- ${'x'.repeat(1024 * 1024)} --></md:EntityDescriptor>`,
    ),
  malformed: () => fixture('okta').replace('</md:IDPSSODescriptor>', ''),
  noIdpDescriptor: () => fixture('okta').replace(/md:IDPSSODescriptor/g, 'md:SPSSODescriptor'),
  twoIdps: () =>
    `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${withoutDeclaration(
      fixture('okta'),
    )}${withoutDeclaration(fixture('google'))}</md:EntitiesDescriptor>`,
  brokenCertificate: () => {
    const xml = fixture('okta');
    const body = certificateBodies(xml)[0]!;
    return xml.replace(body, Buffer.from('this is not an X.509 certificate').toString('base64'));
  },
  expired: () => fixture('google').replace(/validUntil="[^"]+"/, 'validUntil="2021-06-30T00:00:00Z"'),
  noSsoService: () => fixture('okta').replace(/<md:SingleSignOnService[^>]*\/>/g, ''),
  noCertificate: () => fixture('okta').replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/g, ''),
  encryptionKeyOnly: () => fixture('okta').replace('use="signing"', 'use="encryption"'),
  /** Nested 100 000 deep where a certificate belongs: refused, without exhausting the stack. */
  deeplyNested: () =>
    fixture('okta').replace(
      /<ds:X509Certificate>[^<]*/,
      `<ds:X509Certificate>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`,
    ),
  httpSsoUrl: () =>
    fixture('okta').replace(
      /Location="https:\/\/gatehouse-demo\.okta\.com/g,
      'Location="http://gatehouse-demo.okta.com',
    ),
} satisfies Record<string, () => string>;

export type Answer =
  | { status: number; body: string }
  /** Never answer: the request must time out. */
  | 'hang';

/** Serves `answers[path]`; a test may replace an answer at any time. */
export interface MetadataServer extends SmallServer {
  answers: Map<string, Answer>;
  requests: string[];
}

export async function startMetadataServer(): Promise<MetadataServer> {
  const answers = new Map<string, Answer>();
  const requests: string[] = [];
  const server = await startSmallServer((req, res) => {
    requests.push(req.url ?? '');
    const answer = answers.get(req.url ?? '');
    if (answer === 'hang') return;
    const { status, body } = answer ?? { status: 404, body: 'not found' };
    res.writeHead(status, { 'content-type': 'application/samlmetadata+xml' });
    res.end(body);
  });
  return { ...server, answers, requests };
}
