// The address of the person making a request, for IP allowlists and the audit log.
// X-Forwarded-For is a list each proxy appends to ("client, proxy1, proxy2"); anyone can send
// the header with any entries in it, so only the last `trustedHops` entries (written by proxies
// we run behind) are believed, and the client is the leftmost of those.
// On Vercel the platform overwrites X-Forwarded-For with the client's address (one entry), so
// TRUSTED_PROXY_HOPS=1 (the default). Behind another proxy or load balancer in front of Vercel
// or `next start`, count the hops that append to the header.
import { parseIp } from '@/lib/security/cidr';

export function clientIp(headers: Headers, trustedHops: number): string | null {
  if (trustedHops < 1) return null;
  const entries = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const candidate = entries[entries.length - trustedHops];
  if (!candidate) return null;
  const address = parseIp(candidate);
  return address ? candidate.replace(/^\[(.*)\]$/, '$1') : null;
}
