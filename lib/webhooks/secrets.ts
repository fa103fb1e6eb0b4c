// Endpoint signing secrets: Standard Webhooks' `whsec_<base64 of 24 random bytes>`, shown to
// the admin once and kept sealed (AES-256-GCM, the endpoint id as associated data, under a key
// derived with HKDF from AUTH0_SECRET). The database alone does not hand anyone a way to
// forge this organization's webhooks.
import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { config } from '@/lib/config';

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', config().auth0.secret, 'tenantry', 'webhook signing secrets v1', 32));
}

export function sealSecret(endpointId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv).setAAD(Buffer.from(endpointId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function openSecret(endpointId: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12)).setAAD(Buffer.from(endpointId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
