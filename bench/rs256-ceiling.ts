// How many RS256 signatures (RSA-2048, SHA-256) one core makes per second: synchronous node:crypto
// sign with a KeyObject over a JWT-sized signing input, on this thread only. Every access token
// costs one such signature, so this bounds the token endpoint of a one-process server.
import { generateKeyPairSync, sign } from 'node:crypto';

export interface Rs256Ceiling {
  /** Signatures per second of this thread's CPU time: what one core does when it is not shared. */
  signaturesPerSecond: number;
  /** Signatures per second of wall time; lower than the above when other processes take the core. */
  signaturesPerWallSecond: number;
  inputBytes: number;
}

export function measureRs256Ceiling(durationMs = 3_000): Rs256Ceiling {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = Buffer.from(jwtSigningInput());
  // Warm up (first calls pay one-time setup), then count whole signatures until the deadline.
  for (let i = 0; i < 20; i++) sign('sha256', input, privateKey);
  let count = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  let now = started;
  while (now < deadline) {
    sign('sha256', input, privateKey);
    count++;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = (now - started) / 1000;
  return {
    signaturesPerSecond: count / Math.max(cpuSeconds, 1e-3),
    signaturesPerWallSecond: count / wallSeconds,
    inputBytes: input.length,
  };
}

/** base64url(header) "." base64url(claims), shaped like the access tokens Gatehouse issues. */
function jwtSigningInput(): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', kid: 'key_01jz8x5q3v4w5x6y7z8a9b0c1d', typ: 'at+jwt' };
  const claims = {
    client_id: 'skc_01jz8x5q3v4w5x6y7z8a9b0c1d',
    iss: 'http://localhost:8080',
    sub: 'skc_01jz8x5q3v4w5x6y7z8a9b0c1d',
    aud: 'http://localhost:8080',
    jti: '01jz8x5q3v4w5x6y7z8a9b0c1d',
    iat: now,
    nbf: now,
    exp: now + 86_399,
  };
  return `${b64(header)}.${b64(claims)}`;
}
