// The address of the person making a request, for IP allowlists (middleware, Edge-safe) and
// the audit log. X-Forwarded-For is a list each proxy appends to ("client, proxy1, proxy2");
// anyone can send the header with any entries in it, so only the last `hops` entries (written
// by proxies we run behind) are believed, and the client is the leftmost of those.
// On Vercel (one hop, the default) the platform overwrites X-Forwarded-For with the client's
// public address and does not forward one sent by the client ("to prevent IP spoofing"); it
// sets X-Real-IP to the same address (https://vercel.com/docs/headers/request-headers).
// X-Real-IP is not read: behind a proxy that does not set it, a client could.
import { config } from '@/lib/config';
import type { ClientInfo } from '@/lib/core/context';
import { parseIp } from '@/lib/security/cidr';

/** Longer user agents are cut: the audit log keeps who called, not arbitrary client input. */
export const USER_AGENT_MAX = 512;

/** The client's address per `hops` trusted proxies (TRUSTED_PROXY_HOPS); null when the header cannot say. */
export function clientIp(headers: Headers, hops: number = config().trustedProxyHops): string | null {
  if (hops < 1) return null;
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Fewer entries than trusted proxies: the request did not come through all of them.
  const candidate = chain[chain.length - hops];
  if (!candidate || !parseIp(candidate)) return null;
  return candidate.replace(/^\[(.*)\]$/, '$1');
}

/** The address and user agent of a request, as the audit log records them. */
export function clientInfo(headers: Headers, hops?: number): ClientInfo {
  const ip = clientIp(headers, hops);
  // Printable text only (no control characters, no NUL that Postgres text cannot hold).
  const userAgent = headers.get('user-agent')?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, USER_AGENT_MAX) || undefined;
  return { ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}) };
}
