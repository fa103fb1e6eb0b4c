// Auth0's matching of redirect URLs against "Allowed Callback URLs" / "Allowed Logout URLs":
// exact scheme, port and path; a `*` (or `{organization_name}`) may stand for exactly one
// leftmost subdomain label ("one level only"), never for the registrable part.

const PLACEHOLDER = /^(\*|\{organization_name\})$/;

interface ParsedPattern { protocol: string; labels: string[]; port: string; pathname: string; search: string }

function parsePattern(pattern: string): ParsedPattern | undefined {
  const m = /^([a-z][a-z0-9+.-]*:)\/\/([^/?#]+)([^?#]*)(\?[^#]*)?$/i.exec(pattern.trim());
  if (!m) return undefined;
  const [, protocol, authority, path, search] = m;
  if (authority!.includes('@')) return undefined;
  const hostPort = /^(.*?)(?::(\d+))?$/.exec(authority!)!;
  const labels = hostPort[1]!.toLowerCase().split('.');
  if (labels.some((l, i) => l === '' || (PLACEHOLDER.test(l) && i !== 0))) return undefined;
  // A wildcard must leave at least two concrete labels (`*.example.com`, `*.localhost` is fine for loopback).
  if (PLACEHOLDER.test(labels[0]!) && labels.length < 2) return undefined;
  const protocolLower = protocol!.toLowerCase();
  const defaultPort = protocolLower === 'https:' ? '443' : protocolLower === 'http:' ? '80' : '';
  return {
    protocol: protocolLower,
    labels,
    port: hostPort[2] && hostPort[2] !== defaultPort ? hostPort[2] : '',
    pathname: path || '/',
    search: search ?? '',
  };
}

function normalizePath(p: string, loose: boolean): string {
  return loose ? p.replace(/\/+$/, '') || '/' : p || '/';
}

/**
 * Does `value` match one of `patterns`? `kind: 'logout'` ignores a trailing slash on the path
 * (Auth0 is lenient there); callbacks must match the path exactly. A query string on the value
 * is accepted when the pattern has none.
 */
export function urlAllowed(value: string, patterns: readonly string[], kind: 'callback' | 'logout' = 'callback'): boolean {
  let url: URL;
  try { url = new URL(value); } catch { return false; }
  if (url.username || url.password || url.hash) return false;
  const labels = url.hostname.toLowerCase().split('.');
  const loose = kind === 'logout';
  for (const raw of patterns) {
    const p = parsePattern(raw);
    if (!p) continue;
    if (p.protocol !== url.protocol || p.port !== url.port) continue;
    if (p.labels.length !== labels.length) continue;
    if (!p.labels.every((l, i) => (PLACEHOLDER.test(l) ? /^[a-z0-9-]+$/.test(labels[i]!) : l === labels[i]))) continue;
    if (normalizePath(p.pathname, loose) !== normalizePath(url.pathname, loose)) continue;
    if (p.search && p.search !== url.search) continue;
    return true;
  }
  return false;
}

/** A syntactically valid stand-in for a pattern, for oidc-provider's client metadata validation. */
export function sanitizePattern(pattern: string): string | undefined {
  const replaced = pattern.replace(/\{organization_name\}|\*/g, 'wildcard');
  try { new URL(replaced); return replaced; } catch { return undefined; }
}
