// The caller's address and browser, for the audit log. Only as trustworthy as the proxies in
// front of the app: each trusted proxy appends the address it received the request from to
// X-Forwarded-For, so the client is the entry TRUSTED_PROXY_HOPS places from the right;
// anything further left was written by the client and may be made up.
// On Vercel (one hop, the default) the platform overwrites X-Forwarded-For with the client's
// public address and does not forward one sent by the client ("to prevent IP spoofing"); it
// sets X-Real-IP to the same address (https://vercel.com/docs/headers/request-headers).
// X-Real-IP is not read: behind a proxy that does not set it, a client could.
import 'server-only';
import { isIP } from 'node:net';
import { config } from '@/lib/config';
import type { ClientInfo } from '@/lib/core/context';

/** Longer user agents are cut: the audit log keeps who called, not arbitrary client input. */
export const USER_AGENT_MAX = 512;

/** The client's address per `hops` trusted proxies; undefined when the header cannot say. */
export function clientIp(headers: Headers, hops = config().trustedProxyHops): string | undefined {
  if (hops < 1) return undefined;
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Fewer entries than trusted proxies: the request did not come through all of them.
  if (chain.length < hops) return undefined;
  const ip = chain[chain.length - hops]!;
  return isIP(ip) ? ip : undefined;
}

/** The address and user agent of a request, as the audit log records them. */
export function clientInfo(headers: Headers, hops?: number): ClientInfo {
  const ip = clientIp(headers, hops);
  // Printable text only (no control characters, no NUL that Postgres text cannot hold).
  const userAgent = headers.get('user-agent')?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, USER_AGENT_MAX) || undefined;
  return { ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}) };
}
