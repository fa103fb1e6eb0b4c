// Auth0's matching of redirect URLs against "Allowed Callback URLs" / "Allowed Logout URLs":
// exact scheme, port and path; a `*` may stand for exactly one leftmost subdomain label
// ("one level only"), never for the registrable part. `{organization_name}` in a callback
// URL stands for the name of the organization the login is for, and only then: without an
// organization such an entry matches nothing, and in logout URLs it is not a placeholder at
// all (taken literally, so it matches nothing either).
// https://auth0.com/docs/get-started/applications/wildcards-for-subdomains

const PLACEHOLDER = /^(\*|\{organization_name\})$/;
const ORG_PLACEHOLDER = '{organization_name}';

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

/** How one pattern label matches one host label. */
function labelMatches(pattern: string, label: string, kind: 'callback' | 'logout', organizationName: string | undefined): boolean {
  if (pattern === '*') return /^[a-z0-9-]+$/.test(label);
  if (pattern === ORG_PLACEHOLDER) return kind === 'callback' && !!organizationName && label === organizationName.toLowerCase();
  return pattern === label;
}

/**
 * Does `value` match one of `patterns`? `kind: 'logout'` ignores a trailing slash on the path
 * (Auth0 is lenient there) and the query and fragment of `value` (Auth0 matches returnTo
 * without them: https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout);
 * callbacks must match the path exactly and may carry a query only when the pattern has none.
 * `organizationName`: the organization the login is for, which `{organization_name}` stands for.
 */
export function urlAllowed(value: string, patterns: readonly string[], kind: 'callback' | 'logout' = 'callback', organizationName?: string): boolean {
  let url: URL;
  try { url = new URL(value); } catch { return false; }
  if (url.username || url.password) return false;
  if (url.hash && kind === 'callback') return false;
  const labels = url.hostname.toLowerCase().split('.');
  const loose = kind === 'logout';
  for (const raw of patterns) {
    const p = parsePattern(raw);
    if (!p) continue;
    if (p.protocol !== url.protocol || p.port !== url.port) continue;
    if (p.labels.length !== labels.length) continue;
    if (!p.labels.every((l, i) => labelMatches(l, labels[i]!, kind, organizationName))) continue;
    if (normalizePath(p.pathname, loose) !== normalizePath(url.pathname, loose)) continue;
    if (kind === 'callback' && p.search && p.search !== url.search) continue;
    return true;
  }
  return false;
}

/** A syntactically valid stand-in for a pattern, for oidc-provider's client metadata validation. */
export function sanitizePattern(pattern: string): string | undefined {
  const replaced = pattern.replace(/\{organization_name\}|\*/g, 'wildcard');
  try { new URL(replaced); return replaced; } catch { return undefined; }
}
