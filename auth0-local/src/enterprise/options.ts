// The `options` of enterprise connections (strategies samlp and oidc) as Auth0 names them,
// checked when the Management API creates or updates a connection, and read back by the
// login code. Unknown option names are kept (Auth0 has many more), known ones are checked.
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { auth0ValidationMessage, httpUrl } from '../management/validation.js';

export const ENTERPRISE_STRATEGIES = ['samlp', 'oidc'] as const;
export type EnterpriseStrategy = (typeof ENTERPRISE_STRATEGIES)[number];
export const isEnterpriseStrategy = (s: string): s is EnterpriseStrategy => (ENTERPRISE_STRATEGIES as readonly string[]).includes(s);

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const domainAliases = z.array(z.string().regex(DOMAIN)).max(1000);

/** A signing certificate as Auth0 stores it: base64 of a PEM certificate, or of its DER bytes. Returns PEM, or undefined. */
export function certificatePem(signingCert: string): string | undefined {
  const text = signingCert.trim();
  const candidates: string[] = [];
  if (text.includes('-----BEGIN CERTIFICATE-----')) candidates.push(text); // lenient: PEM pasted as is
  else if (/^[A-Za-z0-9+/=\s]+$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    const decoded = bytes.toString('utf8');
    if (decoded.includes('-----BEGIN CERTIFICATE-----')) candidates.push(decoded);
    else candidates.push(`-----BEGIN CERTIFICATE-----\n${bytes.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`);
  }
  for (const pem of candidates) {
    try {
      return new X509Certificate(pem).toString();
    } catch {
      // not a certificate
    }
  }
  return undefined;
}

const signingCert = z.string().min(1).refine((v) => certificatePem(v) !== undefined, {
  error: 'Object didn\'t pass validation for format x509-certificate: expected a base64-encoded PEM or DER certificate',
});

// Like Auth0, a connection may be saved before it is complete (signInEndpoint and signingCert
// are needed to sign in, not to create it); what is given must be well-formed.
const samlOptions = z.looseObject({
  signInEndpoint: httpUrl.optional(),
  signingCert: signingCert.optional(),
  signOutEndpoint: httpUrl.optional(),
  signatureAlgorithm: z.enum(['rsa-sha256', 'rsa-sha1']).optional(),
  digestAlgorithm: z.enum(['sha256', 'sha1']).optional(),
  protocolBinding: z.enum(['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect']).optional(),
  fieldsMap: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  domain_aliases: domainAliases.optional(),
  user_id_attribute: z.string().optional(),
  metadataXml: z.string().optional(),
  debug: z.boolean().optional(),
  disableSignout: z.boolean().optional(),
  signSAMLRequest: z.boolean().optional(),
  icon_url: httpUrl.optional(),
});

const oidcOptions = z.looseObject({
  type: z.enum(['back_channel', 'front_channel']).optional(),
  discovery_url: httpUrl.optional(),
  issuer: httpUrl.optional(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  scope: z.string().max(1000).optional(),
  domain_aliases: domainAliases.optional(),
  token_endpoint_auth_method: z.enum(['client_secret_post', 'client_secret_basic']).optional(),
  icon_url: httpUrl.optional(),
});

export type SamlOptions = z.infer<typeof samlOptions>;
export type OidcOptions = z.infer<typeof oidcOptions>;

/** What an IdP's metadata XML says: Auth0 fills signInEndpoint and signingCert from `options.metadataXml`. */
export function readIdpMetadata(xml: string): { signInEndpoint?: string; signingCert?: string; signOutEndpoint?: string } {
  const out: { signInEndpoint?: string; signingCert?: string; signOutEndpoint?: string } = {};
  const idp = /<(?:\w+:)?IDPSSODescriptor\b[\s\S]*?<\/(?:\w+:)?IDPSSODescriptor>/.exec(xml)?.[0] ?? '';
  const services = [...idp.matchAll(/<(?:\w+:)?SingleSignOnService\b([^>]*)\/?>/g)].map((m) => m[1]!);
  const redirect = services.find((a) => a.includes('HTTP-Redirect')) ?? services[0];
  const location = redirect && /\bLocation="([^"]+)"/.exec(redirect)?.[1];
  if (location) out.signInEndpoint = location.replace(/&amp;/g, '&');
  const logout = /<(?:\w+:)?SingleLogoutService\b[^>]*\bLocation="([^"]+)"/.exec(idp)?.[1];
  if (logout) out.signOutEndpoint = logout.replace(/&amp;/g, '&');
  const keys = [...idp.matchAll(/<(?:\w+:)?KeyDescriptor\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?KeyDescriptor>/g)];
  const signing = keys.find((k) => !/use="encryption"/.test(k[1]!)) ?? keys[0];
  const cert = signing && /<(?:\w+:)?X509Certificate>([\s\S]*?)<\/(?:\w+:)?X509Certificate>/.exec(signing[2]!)?.[1];
  if (cert) {
    const pem = certificatePem(cert.replace(/\s+/g, ''));
    if (pem) out.signingCert = Buffer.from(pem, 'utf8').toString('base64');
  }
  return out;
}

/**
 * Checks (and normalises) the options of an enterprise connection. Returns the options to
 * store, or an Auth0-style validation message. Other strategies pass through unchanged.
 */
export function checkConnectionOptions(strategy: string, options: Record<string, unknown>): { options: Record<string, unknown> } | { error: string } {
  if (strategy === 'samlp') {
    let input = options;
    if (typeof options.metadataXml === 'string' && options.metadataXml.trim()) {
      const meta = readIdpMetadata(options.metadataXml);
      if (!meta.signInEndpoint || !meta.signingCert) {
        return { error: 'Payload validation error: \'The metadata XML has no IdP sign-in URL or signing certificate\' on property options.metadataXml.' };
      }
      // Explicit options win over the metadata.
      input = { ...meta, ...options };
    }
    const r = samlOptions.safeParse(input, { reportInput: true });
    if (!r.success) return { error: prefixed(r.error.issues) };
    return { options: r.data };
  }
  if (strategy === 'oidc') {
    const r = oidcOptions.safeParse(options, { reportInput: true });
    if (!r.success) return { error: prefixed(r.error.issues) };
    const o = r.data;
    if (!o.discovery_url && !o.issuer) return { error: 'Payload validation error: \'Missing required property: discovery_url or issuer\' on property options.' };
    if (o.type === 'back_channel' && !o.client_secret) {
      return { error: 'Payload validation error: \'Missing required property: client_secret (required when type is back_channel)\' on property options.' };
    }
    return { options: o };
  }
  return { options };
}

function prefixed(issues: z.core.$ZodIssue[]): string {
  return auth0ValidationMessage(issues.map((i) => ({ ...i, path: ['options', ...i.path] })) as never);
}

/** back_channel (code flow with the secret) or front_channel (id_token by form_post); without `type`, back_channel when a secret is set. */
export function oidcChannel(o: { type?: string | undefined; client_secret?: string | undefined }): 'back_channel' | 'front_channel' {
  if (o.type === 'back_channel' || o.type === 'front_channel') return o.type;
  return o.client_secret ? 'back_channel' : 'front_channel';
}

/** Normalised domain aliases of a connection (lower-case). */
export function domainAliasesOf(options: Record<string, unknown>): string[] {
  const list = options.domain_aliases;
  return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string').map((d) => d.toLowerCase()) : [];
}
