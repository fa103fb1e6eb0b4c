// Step 1: which host is this request for? The apex, one tenant's subdomain, or neither (400).
import { NextResponse, type NextRequest } from 'next/server';
import type { AppConfig } from '@/lib/config';
import { originalHost } from '@/lib/tenancy/host-proof';
import { matchHost, type HostMatch } from '@/lib/tenancy/host';
import { refuseMalformedRequest } from '@/lib/http/request-guards';

export interface ResolvedHost {
  name: string;
  match: Exclude<HostMatch, { kind: 'invalid' }>;
}

/** The request's host, checked against ROOT_DOMAIN; or the refusal of a request we do not serve. */
export async function resolveHost(request: NextRequest, cfg: AppConfig): Promise<ResolvedHost | NextResponse> {
  // Normally the Host header; for Next's own server-action redirect fetch, the host we
  // stamped on the original request (see host-proof.ts).
  const name = await originalHost(request.headers, cfg.auth0.secret);
  const match = matchHost(name, cfg.rootDomain);
  if (!name || match.kind === 'invalid') {
    return new NextResponse(`Unknown host. Tenantry serves ${cfg.rootDomain} and its organization subdomains.`, {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return refuseMalformedRequest(request, `${cfg.scheme}://${name}`) ?? { name, match };
}
