// Signing certificates of SAML identity providers: what the admin pastes or uploads (a PEM
// block, or the bare base64 found in metadata) checked with node:crypto, and the form in
// which Auth0 keeps it (options.signingCert is the base64 of the whole PEM text).
import { X509Certificate } from 'node:crypto';

export interface SigningCertificate {
  /** Normalized PEM text (BEGIN/END lines, 64-character lines). */
  pem: string;
  subject: string;
  validTo: Date;
  fingerprint256: string;
}

export const NOT_A_CERTIFICATE = 'This is not a PEM certificate. Paste the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.';

/** Wraps base64 DER in PEM armour. */
function armour(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The certificate in `text`, or null when it is not one X.509 certificate. */
export function parseCertificate(text: string): SigningCertificate | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const block = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(trimmed);
  const base64 = block ? block[1]! : trimmed;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(base64) || !base64.trim()) return null;
  const pem = armour(base64);
  try {
    const cert = new X509Certificate(pem);
    return { pem, subject: cert.subject.replace(/\n/g, ', '), validTo: new Date(cert.validTo), fingerprint256: cert.fingerprint256 };
  } catch {
    return null;
  }
}

/** How Auth0 stores a SAML signing certificate (options.signingCert). */
export function toAuth0SigningCert(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

/** The PEM text back from Auth0's options.signingCert (null when absent or unreadable). */
export function fromAuth0SigningCert(value: unknown): SigningCertificate | null {
  if (typeof value !== 'string' || !value) return null;
  return parseCertificate(Buffer.from(value, 'base64').toString('utf8'));
}
