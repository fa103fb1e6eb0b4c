// Step 2: the request headers the app will see. Headers the app trusts (the tenant, the host
// proof, the CSP nonce) are set here only: whatever a client sent under those names is dropped.
import type { NextRequest } from 'next/server';
import type { AppConfig } from '@/lib/config';
import { INTERNAL_HEADER_PREFIXES } from '@/lib/tenancy/headers';
import { HOST_PROOF_HEADER, signHost } from '@/lib/tenancy/host-proof';
import { passNonceToApp, type RequestPolicy } from '@/lib/http/security-headers';

/** Deletes every header named with one of INTERNAL_HEADER_PREFIXES. */
export function stripInternalHeaders(headers: Headers): Headers {
  for (const name of [...headers.keys()]) {
    if (INTERNAL_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))) headers.delete(name);
  }
  return headers;
}

/** The client's headers without internal ones, pinned to the validated `host`. */
export async function scrubHeaders(request: NextRequest, host: string, cfg: AppConfig, policy: RequestPolicy): Promise<Headers> {
  const headers = stripInternalHeaders(new Headers(request.headers));
  // The SDK builds redirect_uri from these: pin them to the validated host so a spoofed
  // X-Forwarded-Host can never move the callback elsewhere.
  headers.set('x-forwarded-host', host);
  headers.set('x-forwarded-proto', cfg.scheme);
  headers.set(HOST_PROOF_HEADER, await signHost(host, cfg.auth0.secret));
  passNonceToApp(headers, policy);
  return headers;
}
