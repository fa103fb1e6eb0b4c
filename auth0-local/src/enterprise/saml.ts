// The local tenant as a SAML 2.0 service provider for `samlp` connections (@node-saml/node-saml):
// AuthnRequest by HTTP-Redirect to the IdP's signInEndpoint, and checks of the SAMLResponse the
// IdP posts back (signature against the configured certificate, audience, InResponseTo and
// replay, validity window on the tenant's clock), then Auth0's attribute mapping.
//
// Auth0's conventions: SP entity id `urn:auth0:<tenant>:<connection>`, ACS
// `https://<domain>/login/callback?connection=<connection>`, SP metadata at
// `/samlp/metadata?connection=<connection>`.
import { generateServiceProviderMetadata, SAML, SamlStatusError, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import type { Runtime } from '../runtime.js';
import type { Connection } from '../store.js';
import { SsoError } from './errors.js';
import { certificatePem, type SamlOptions } from './options.js';
import type { UpstreamProfile } from './users.js';

/** The tenant name in Auth0's SP entity ids. */
export const TENANT_NAME = 'local';
const REQUEST_MODEL = 'TenantrySamlRequest';
/** How long an AuthnRequest may wait for its answer (the interaction lives one hour). */
const REQUEST_TTL = 3600;
/** Clock skew tolerated on NotBefore / NotOnOrAfter. */
const SKEW_SECONDS = 30;

export const spEntityId = (conn: Connection) => `urn:auth0:${TENANT_NAME}:${conn.name}`;
export const acsUrl = (rt: Runtime, conn: Connection) => `${rt.issuer}login/callback?connection=${encodeURIComponent(conn.name)}`;


interface PendingRequest { uid: string; connection: string; relayState: string; created: number }

function samlFor(rt: Runtime, conn: Connection, cacheProvider: CacheProvider): SAML {
  const o = conn.options as SamlOptions;
  const cert = typeof o.signingCert === 'string' ? certificatePem(o.signingCert) : undefined;
  if (!o.signInEndpoint || !cert) {
    throw new SsoError(`The connection ${conn.name} is not fully configured: it needs the identity provider's sign-in URL and signing certificate.`);
  }
  return new SAML({
    entryPoint: o.signInEndpoint,
    issuer: spEntityId(conn),
    callbackUrl: acsUrl(rt, conn),
    idpCert: cert,
    audience: spEntityId(conn),
    // Auth0 accepts a signed Response or a signed Assertion; one of them must be signed.
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    // Validity windows are checked below against the tenant's clock (which tests move).
    acceptedClockSkewMs: -1,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_TTL * 1000,
    cacheProvider,
    disableRequestedAuthnContext: true,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  });
}

/** The URL to send the browser to: the IdP's sign-in endpoint with a SAMLRequest. */
export async function samlLoginUrl(rt: Runtime, conn: Connection, interactionUid: string, relayState: string): Promise<string> {
  let requestId: string | undefined;
  const cache: CacheProvider = {
    saveAsync: async (key, value) => { requestId = key; return { value, createdAt: Date.now() }; },
    getAsync: async () => null,
    removeAsync: async () => null,
  };
  const url = await samlFor(rt, conn, cache).getAuthorizeUrlAsync(relayState, undefined, {});
  if (!requestId) throw new SsoError('Could not create the SAML request.', 500);
  const pending: PendingRequest = { uid: interactionUid, connection: conn.name, relayState, created: rt.now() };
  rt.models.set(REQUEST_MODEL, requestId, pending as never, REQUEST_TTL);
  return url;
}

export function samlMetadata(rt: Runtime, conn: Connection): string {
  return generateServiceProviderMetadata({
    issuer: spEntityId(conn),
    callbackUrl: acsUrl(rt, conn),
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    wantAssertionsSigned: true,
  });
}

function describeFailure(err: Error, conn: Connection): string {
  const m = err.message;
  if (err instanceof SamlStatusError) return `The identity provider did not sign you in (${m}).`;
  if (/signature/i.test(m)) return `The SAML response is not signed with the certificate configured for the connection ${conn.name}.`;
  if (/InResponseTo/i.test(m)) return 'The SAML response does not answer a sign-in request of this tenant, or it was already used.';
  if (/audience/i.test(m)) return `The SAML response is meant for another service provider (the audience must be ${spEntityId(conn)}).`;
  if (/expired|not yet valid/i.test(m)) return 'The SAML response has expired. Sign in again.';
  return `The SAML response could not be accepted: ${m}`;
}

const attr = (xml: string, element: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<(?:\\w+:)?${element}\\b[^>]*\\b${name}="([^"]+)"`, 'g'))].map((m) => m[1]!);

/** NotBefore / NotOnOrAfter of the (verified) assertion's Conditions and bearer confirmation, on the tenant clock. */
function checkValidityWindow(rt: Runtime, assertionXml: string): void {
  const now = rt.now();
  const seconds = (v: string) => {
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw new SsoError('The SAML response has an unreadable validity period.');
    return t / 1000;
  };
  for (const v of [...attr(assertionXml, 'Conditions', 'NotBefore'), ...attr(assertionXml, 'SubjectConfirmationData', 'NotBefore')]) {
    if (now + SKEW_SECONDS < seconds(v)) throw new SsoError('The SAML response is not valid yet. Check the clocks of the identity provider and try again.');
  }
  for (const v of [...attr(assertionXml, 'Conditions', 'NotOnOrAfter'), ...attr(assertionXml, 'SubjectConfirmationData', 'NotOnOrAfter')]) {
    if (now - SKEW_SECONDS >= seconds(v)) throw new SsoError('The SAML response has expired. Sign in again.');
  }
}

/** A bearer confirmation naming another Recipient than our ACS was meant for another service provider. */
function checkRecipient(rt: Runtime, conn: Connection, assertionXml: string): void {
  const ours = new URL(acsUrl(rt, conn));
  for (const r of attr(assertionXml, 'SubjectConfirmationData', 'Recipient')) {
    let theirs: URL | undefined;
    try { theirs = new URL(r.replace(/&amp;/g, '&')); } catch { theirs = undefined; }
    if (!theirs || theirs.origin !== ours.origin || theirs.pathname !== ours.pathname) {
      throw new SsoError(`The SAML response is addressed to ${r}, not to this tenant's ${ours.origin}${ours.pathname}.`);
    }
  }
}

export interface SamlLoginResult { uid: string; profile: UpstreamProfile }

/**
 * Checks a posted SAMLResponse for `conn`. Every outcome consumes the request it answers, so a
 * response can be used once at most. Throws SsoError with the text for the error page.
 */
export async function acceptSamlResponse(rt: Runtime, conn: Connection, samlResponse: string, relayState: string | undefined): Promise<SamlLoginResult> {
  const asked: string[] = [];
  const cache: CacheProvider = {
    saveAsync: async () => null,
    getAsync: async (key) => {
      asked.push(key);
      const p = rt.models.get(REQUEST_MODEL, key) as PendingRequest | undefined;
      if (!p || p.connection !== conn.name || rt.now() - p.created > REQUEST_TTL) return null;
      return new Date().toISOString(); // node-saml wants the creation time; our own age check is above
    },
    removeAsync: async () => null, // consumed below, synchronously, so two concurrent posts cannot both pass
  };
  const take = (): PendingRequest | undefined => {
    const id = asked[0];
    if (!id) return undefined;
    const p = rt.models.get(REQUEST_MODEL, id) as PendingRequest | undefined;
    rt.models.delete(REQUEST_MODEL, id);
    return p && p.connection === conn.name ? p : undefined;
  };

  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(rt, conn, cache).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (e) {
    take();
    if (e instanceof SsoError) throw e;
    throw new SsoError(describeFailure(e as Error, conn));
  }
  const pending = take();
  if (!pending) throw new SsoError('The SAML response does not answer a sign-in request of this tenant, or it was already used.');
  if (relayState !== undefined && relayState !== pending.relayState) throw new SsoError('The SAML response came back with another RelayState than the request.');
  if (!profile?.nameID) throw new SsoError('The SAML response names no user (NameID missing).');
  const assertionXml = profile.getAssertionXml?.() ?? '';
  checkValidityWindow(rt, assertionXml);
  checkRecipient(rt, conn, assertionXml);
  return { uid: pending.uid, profile: mapSamlProfile(conn, profile) };
}

// Auth0's default SAML mapping: profile field -> attribute names, first present wins.
const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';
const DEFAULT_FIELDS: Record<string, string[]> = {
  email: ['email', 'mail', 'Email', `${CLAIMS}emailaddress`, 'urn:oid:0.9.2342.19200300.100.1.3', 'http://schemas.xmlsoap.org/claims/EmailAddress'],
  name: ['name', 'displayName', `${CLAIMS}name`, 'http://schemas.microsoft.com/identity/claims/displayname', 'urn:oid:2.16.840.1.113730.3.1.241'],
  given_name: ['given_name', 'givenName', 'firstName', `${CLAIMS}givenname`, 'urn:oid:2.5.4.42'],
  family_name: ['family_name', 'surname', 'sn', 'lastName', `${CLAIMS}surname`, 'urn:oid:2.5.4.4'],
  nickname: ['nickname'],
  picture: ['picture'],
  email_verified: ['email_verified'],
};

function mapSamlProfile(conn: Connection, p: Profile): UpstreamProfile {
  const attributes = (p.attributes ?? {}) as Record<string, unknown>;
  const fieldsMap = ((conn.options as SamlOptions).fieldsMap ?? {}) as Record<string, string | string[]>;
  const first = (v: unknown): string | undefined => {
    const x = Array.isArray(v) ? v[0] : v;
    return typeof x === 'string' && x.trim() ? x.trim() : undefined;
  };
  const lookup = (field: string): string | undefined => {
    const mapped = fieldsMap[field];
    const names = [...(mapped ? (Array.isArray(mapped) ? mapped : [mapped]) : []), ...(DEFAULT_FIELDS[field] ?? [field])];
    for (const n of names) {
      const v = first(attributes[n]);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const userIdAttr = (conn.options as SamlOptions).user_id_attribute;
  const id = (userIdAttr && first(attributes[userIdAttr])) || p.nameID;
  const email = lookup('email') ?? (/^[^\s@]+@[^\s@]+$/.test(p.nameID) ? p.nameID : undefined);
  const verified = lookup('email_verified');
  return {
    id,
    email,
    email_verified: verified === undefined ? undefined : verified === 'true',
    name: lookup('name'),
    given_name: lookup('given_name'),
    family_name: lookup('family_name'),
    nickname: lookup('nickname'),
    picture: lookup('picture'),
  };
}
