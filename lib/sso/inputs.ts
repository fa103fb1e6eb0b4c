// Form inputs of the single sign-on settings, validated with zod. Messages are written for
// the page and name the field they are about.
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/core/permissions';
import { NOT_A_CERTIFICATE, parseCertificate, type SigningCertificate } from '@/lib/sso/certificate';
import { MetadataError, parseIdpMetadata } from '@/lib/sso/metadata';

/** https anywhere; plain http only for this machine (identity providers run by tests, local IdPs). */
export function endpointProblem(label: string, value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${label}: enter a full address starting with https://`;
  }
  if (url.username || url.password) return `${label}: an address with a user name or password in it is not allowed`;
  if (url.protocol === 'https:') return null;
  const local = url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && local) return null;
  return `${label} must start with https://`;
}

const text = (label: string, max: number) =>
  z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label}: at most ${max} characters`);
const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}: at most ${max} characters`).default('');
const endpoint = (label: string) =>
  text(label, 2000).superRefine((value, ctx) => {
    const problem = endpointProblem(label, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Settings every connection has, whatever its protocol. */
const common = {
  displayName: text('Display name', 128),
  // A checkbox: present ("on") when ticked.
  autoMembership: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  defaultRole: z.enum(ROLES, { error: 'Choose one of the roles' }).default('org_member'),
};

export interface SamlSettings {
  displayName: string;
  autoMembership: boolean;
  defaultRole: Role;
  signInUrl: string;
  /** Null when editing and the admin kept the current certificate. */
  certificate: SigningCertificate | null;
}

type SamlSpecific = Omit<SamlSettings, keyof typeof common>;
type ParseResult<T> = { success: true; data: T; error?: undefined } | { success: false; error: z.ZodError; data?: undefined };

/**
 * SAML: sign-in URL and signing certificate, typed in or taken from the IdP's metadata
 * (what the admin typed wins over metadata). Editing may leave the certificate empty to
 * keep the current one. The common fields and the SAML fields are checked separately so a
 * form shows every problem at once.
 */
export function samlInput(mode: 'create' | 'edit') {
  const base = z.object(common);
  const specific = z
    .object({
      signInUrl: optionalText('Sign-in URL', 2000),
      certificate: optionalText('Signing certificate', 20_000),
      metadataXml: optionalText('Metadata', 200_000),
    })
    .transform((input, ctx): SamlSpecific => {
      let fromMetadata: { signInUrl: string; certificate: string } | null = null;
      if (input.metadataXml) {
        try {
          fromMetadata = parseIdpMetadata(input.metadataXml);
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['metadataXml'], message: error instanceof MetadataError ? error.message : 'This metadata could not be read.' });
          return z.NEVER;
        }
      }
      const signInUrl = input.signInUrl || fromMetadata?.signInUrl || '';
      const problem = signInUrl ? endpointProblem('Sign-in URL', signInUrl) : 'Sign-in URL is required (or paste your identity provider’s metadata)';
      if (problem) ctx.addIssue({ code: 'custom', path: [input.signInUrl || !fromMetadata ? 'signInUrl' : 'metadataXml'], message: problem });
      const certificateText = input.certificate || fromMetadata?.certificate || '';
      let certificate: SigningCertificate | null = null;
      if (certificateText) {
        certificate = parseCertificate(certificateText);
        if (!certificate) ctx.addIssue({ code: 'custom', path: [input.certificate ? 'certificate' : 'metadataXml'], message: NOT_A_CERTIFICATE });
      } else if (mode === 'create') {
        ctx.addIssue({ code: 'custom', path: ['certificate'], message: 'Signing certificate is required (or paste your identity provider’s metadata)' });
      }
      return { signInUrl, certificate };
    });
  const safeParse = (raw: unknown): ParseResult<SamlSettings> => {
    const a = base.safeParse(raw);
    const b = specific.safeParse(raw);
    if (a.success && b.success) return { success: true, data: { ...a.data, ...b.data } };
    return { success: false, error: new z.ZodError([...(a.error?.issues ?? []), ...(b.error?.issues ?? [])]) };
  };
  return {
    safeParse,
    parse(raw: unknown): SamlSettings {
      const result = safeParse(raw);
      if (!result.success) throw result.error;
      return result.data;
    },
  };
}

export interface OidcSettings {
  displayName: string;
  autoMembership: boolean;
  defaultRole: Role;
  /** Issuer URL or the discovery document's URL, as typed. */
  issuer: string;
  clientId: string;
  /** Empty when editing and the admin kept the current secret. */
  clientSecret: string;
}

export function oidcInput(mode: 'create' | 'edit') {
  return z.object({
    ...common,
    issuer: endpoint('Issuer URL'),
    clientId: text('Client ID', 255),
    clientSecret: mode === 'create' ? text('Client secret', 1000) : optionalText('Client secret', 1000),
  });
}

/** Lower-case host name with at least two labels, e.g. acme.com or eu.acme.co.uk. */
export const domainInput = z.object({
  domain: z
    .string({ error: 'Domain is required' })
    .trim()
    .toLowerCase()
    .min(1, 'Domain is required')
    .transform((d) => d.replace(/\.$/, ''))
    .superRefine((d, ctx) => {
      const message = domainProblem(d);
      if (message) ctx.addIssue({ code: 'custom', message });
    }),
});

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function domainProblem(domain: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(domain) || domain.includes('/') || domain.includes('@')) return 'Enter just the domain, like acme.com (no https://, path or @)';
  if (domain.length > 253) return 'Domain: at most 253 characters';
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => !LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) return 'Enter a domain like acme.com';
  return null;
}

/** An SSO connection or domain id as forms post it. */
export const idInput = z.object({ id: z.string({ error: 'Missing id' }).trim().min(1, 'Missing id').max(64, 'Missing id') });
