// Signing keys and cookie keys of the local tenant. Generated on first start and kept in the
// data directory, so tokens, JWKS caches and browser sessions survive a restart.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface TenantKeys {
  /** Private JWKS handed to oidc-provider (first key signs). */
  privateJwks: { keys: JWK[] };
  /** What /.well-known/jwks.json serves. */
  publicJwks: { keys: JWK[] };
  /** Keys that sign oidc-provider's cookies. */
  cookieKeys: string[];
}

interface KeyFile { keys: JWK[]; cookieKeys: string[] }

const PUBLIC_MEMBERS = ['kty', 'kid', 'use', 'alg', 'n', 'e', 'crv', 'x', 'y'] as const;

export function toPublicJwk(jwk: JWK): JWK {
  const out: JWK = {};
  for (const k of PUBLIC_MEMBERS) if (jwk[k] !== undefined) (out as Record<string, unknown>)[k] = jwk[k];
  return out;
}

async function generate(): Promise<KeyFile> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  jwk.kid = randomBytes(12).toString('base64url');
  jwk.alg = 'RS256';
  jwk.use = 'sig';
  return { keys: [jwk], cookieKeys: [randomBytes(32).toString('base64url')] };
}

/** Load `<dataDir>/jwks.json`, or create it. `dataDir: null` keeps fresh keys in memory (tests). */
export async function loadOrCreateKeys(dataDir: string | null): Promise<TenantKeys> {
  let file: KeyFile | undefined;
  const path = dataDir ? join(dataDir, 'jwks.json') : null;
  if (path && existsSync(path)) {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyFile>;
    if (Array.isArray(parsed.keys) && parsed.keys.length > 0) {
      file = { keys: parsed.keys, cookieKeys: parsed.cookieKeys?.length ? parsed.cookieKeys : [randomBytes(32).toString('base64url')] };
    }
  }
  if (!file) {
    file = await generate();
    if (path && dataDir) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(path, JSON.stringify(file, null, 1), { mode: 0o600 });
    }
  }
  return {
    privateJwks: { keys: file.keys },
    publicJwks: { keys: file.keys.map(toPublicJwk) },
    cookieKeys: file.cookieKeys,
  };
}
