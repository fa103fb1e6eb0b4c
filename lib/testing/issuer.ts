// A stand-in token issuer for integration tests: serves a JWKS over HTTP like Auth0 does
// and signs access tokens with its key, so the app's real verification path is exercised.
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { API_AUDIENCE } from '@/lib/testing/seeded';
type KeyLike = CryptoKey;

export interface TestIssuer {
  origin: string;
  issuer: string;
  sign(claims: Record<string, unknown>, options?: { expiresIn?: string | number; key?: KeyLike; issuer?: string; audience?: string | string[]; alg?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const port = (server.address() as { port: number }).port;
  const origin = `http://localhost:${port}`;
  return {
    origin,
    issuer: `${origin}/`,
    async sign(claims, options = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'RS256', typ: 'JWT', kid: 'test-key-1' })
        .setIssuer(options.issuer ?? `${origin}/`)
        .setAudience(options.audience ?? [API_AUDIENCE, `${origin}/userinfo`])
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(options.key ?? privateKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An unsigned token (alg none), as an attacker would send it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
}
