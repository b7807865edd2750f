// readFormBody over real HTTP: the strict reading of hosted form POSTs. Oversized, mistyped and
// malformed bodies are refused with the status to answer; nothing malformed is silently "repaired".
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBodyError, MAX_FORM_BYTES, parseFormBody, readFormBody } from '../src/hosted/form-body.ts';
import { startSmallServer, type SmallServer } from './helpers/page-server.ts';

let server: SmallServer;

beforeAll(async () => {
  server = await startSmallServer(async (req, res) => {
    try {
      const fields = await readFormBody(req);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fields }));
    } catch (error) {
      if (!(error instanceof FormBodyError)) throw error;
      res
        .writeHead(error.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: error.message }));
    }
  });
});
afterAll(() => server?.close());

const FORM = 'application/x-www-form-urlencoded';

/** `null`: no content-type header at all (a byte body, so fetch adds none of its own). */
async function post(body: string | Uint8Array<ArrayBuffer>, contentType: string | null = FORM) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: contentType === null ? {} : { 'content-type': contentType },
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  });
  return {
    status: res.status,
    body: (await res.json()) as { fields?: Record<string, string>; error?: string },
  };
}

/** Sends the body in chunks without a content-length, so only the running count can stop it. */
function postChunked(chunks: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(server.url, { method: 'POST', headers: { 'content-type': FORM } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) =>
      error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error),
    );
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('reading hosted form bodies', () => {
  it('reads fields, with + as space and percent-escapes decoded as UTF-8', async () => {
    const { status, body } = await post(
      'email=ad%C3%A9l%2Bx%40example.com&name=Ada+Lovelace&empty=&flag&csrf=abc',
    );
    expect(status).toBe(200);
    expect(body.fields).toEqual({
      email: 'adél+x@example.com',
      name: 'Ada Lovelace',
      empty: '',
      flag: '',
      csrf: 'abc',
    });
    expect((await post('', `${FORM}; charset=UTF-8`)).body.fields).toEqual({});
    expect((await post('a=%F0%9F%94%91')).body.fields).toEqual({ a: '🔑' });
  });

  it('refuses bodies over 16 KB, declared or streamed', async () => {
    const big = `a=${'x'.repeat(MAX_FORM_BYTES)}`;
    const { status, body } = await post(big);
    expect(status).toBe(413);
    expect(body.error).toMatch(/16 KB/);
    expect(await postChunked(Array.from({ length: 40 }, () => Buffer.alloc(1024, 'b')))).toBe(413);
    expect((await post(`a=${'x'.repeat(MAX_FORM_BYTES - 2)}`)).status).toBe(200);
  });

  it('refuses other content types and charsets with 415', async () => {
    for (const type of ['application/json', 'multipart/form-data; boundary=x', 'text/plain', '', null]) {
      expect((await post('a=1', type)).status, String(type)).toBe(415);
    }
    expect((await post('a=1', `${FORM}; charset=iso-8859-1`)).status).toBe(415);
    expect((await post('a=1', 'Application/X-WWW-Form-Urlencoded')).status).toBe(200);
  });

  it('refuses malformed percent-encoding', async () => {
    for (const body of ['a=%zz', 'a=%4', 'a=100%', 'a%=1', 'a=%%41']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.body.error).toMatch(/percent-encoding/);
    }
  });

  it('refuses invalid UTF-8, raw or percent-encoded (overlong, surrogate, truncated)', async () => {
    expect((await post(new Uint8Array([0x61, 0x3d, 0xff, 0xfe]))).status).toBe(400);
    for (const body of ['a=%C0%AF', 'a=%ED%A0%80', 'a=%E2%82', 'a=%FF']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.body.error).toMatch(/UTF-8/);
    }
  });

  it('refuses a field sent twice (encoded or not) and __proto__', async () => {
    expect((await post('email=a%40x.com&email=b%40x.com')).status).toBe(400);
    expect((await post('csrf=1&%63srf=2')).body.error).toMatch(/"csrf" is sent more than once/);
    expect((await post('__proto__=x')).status).toBe(400);
    expect((await post('%5F_proto__=x')).status).toBe(400);
  });

  it('parses into an object without a prototype, so field names cannot reach Object.prototype', () => {
    const fields = parseFormBody(Buffer.from('constructor=x&toString=y&hasOwnProperty=z'));
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(fields).toEqual({ constructor: 'x', toString: 'y', hasOwnProperty: 'z' });
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});
