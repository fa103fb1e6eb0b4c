// Reads an OpenID provider's discovery document before a connection is saved, so a typo in
// the issuer is a field error now instead of a failed sign-in later.
import { AdminError } from '@/lib/admin/errors';

const WELL_KNOWN = '/.well-known/openid-configuration';

export interface OidcProvider { issuer: string; discoveryUrl: string }

/** Accepts the issuer or the discovery URL itself. */
export function discoveryUrlFor(issuerOrDiscovery: string): string {
  const url = issuerOrDiscovery.trim();
  if (url.includes(WELL_KNOWN)) return url;
  return `${url.replace(/\/+$/, '')}${WELL_KNOWN}`;
}

export async function discoverOidcProvider(issuerOrDiscovery: string, timeoutMs = 5000): Promise<OidcProvider> {
  const discoveryUrl = discoveryUrlFor(issuerOrDiscovery);
  const refuse = (why: string) => new AdminError(`We could not read the OpenID configuration at ${discoveryUrl}: ${why}`, 'issuer');
  let response: Response;
  try {
    response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
  } catch (error) {
    throw refuse(error instanceof Error && error.name === 'TimeoutError' ? 'it did not answer in time.' : 'the address could not be reached.');
  }
  if (!response.ok) throw refuse(`it answered ${response.status}.`);
  let doc: { issuer?: unknown; authorization_endpoint?: unknown; token_endpoint?: unknown };
  try {
    doc = (await response.json()) as typeof doc;
  } catch {
    throw refuse('the answer is not JSON.');
  }
  if (typeof doc.issuer !== 'string' || typeof doc.authorization_endpoint !== 'string' || typeof doc.token_endpoint !== 'string') {
    throw refuse('it is not an OpenID provider configuration (issuer, authorization_endpoint and token_endpoint are required).');
  }
  return { issuer: doc.issuer, discoveryUrl };
}
