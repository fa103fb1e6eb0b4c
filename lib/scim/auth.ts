// Who is calling the SCIM API: a bearer token (matched by its hash) of THIS host's
// organization, not revoked, with SCIM switched on. Anything else is 401, with the same
// answer for every reason so the API tells a prober nothing.
import 'server-only';
import { markScimTokenUsed, scimTokenByHash } from '@/lib/data/scim-tokens';
import { withTenant } from '@/lib/data/scope';
import { config } from '@/lib/config';
import { tenantFromHeaders } from '@/lib/tenancy/headers';
import type { ClientInfo, ResolvedTenant } from '@/lib/core/context';
import { clientInfo } from '@/lib/http/client-ip';
import { tenantOrigin } from '@/lib/tenancy/host';
import { hashToken, TOKEN_PREFIX } from '@/lib/scim/tokens';
import { notFound, unauthorized } from '@/lib/scim/errors';

export interface ScimContext {
  tenant: ResolvedTenant;
  token: { id: string; name: string };
  /** e.g. https://acme.example.com/scim/v2 */
  baseUrl: string;
  /** Audit actor: "scim:<token name>". */
  actor: string;
  actorName: string;
  /** The directory's address and user agent, for the audit log. */
  client: ClientInfo;
}

/** lastUsedAt is written at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;
const TOKEN_SHAPE = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{20,100}$`);

export async function authenticateScim(request: Request): Promise<ScimContext> {
  const tenant = tenantFromHeaders(request.headers);
  if (!tenant) throw notFound('Organization');
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  if (!token || !TOKEN_SHAPE.test(token)) throw unauthorized();

  // Looked up in this host's organization only: another organization's token is not found.
  const row = await withTenant(tenant.tenantId, async (t) => {
    const found = await scimTokenByHash(t, hashToken(token));
    if (!found || found.revokedAt || !found.organization.scimEnabled) return null;
    const now = Date.now();
    if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await markScimTokenUsed(t, found.id, new Date(now));
    }
    return found;
  });
  if (!row) throw unauthorized();
  const cfg = config();
  return {
    tenant,
    token: { id: row.id, name: row.name },
    baseUrl: `${tenantOrigin(tenant.slug, cfg.scheme, cfg.rootDomain)}/scim/v2`,
    actor: `scim:${row.name}`,
    actorName: `Directory sync (${row.name})`,
    client: clientInfo(request.headers),
  };
}

/** The base URL an admin gives their identity provider. */
export function scimBaseUrl(slug: string): string {
  const cfg = config();
  return `${tenantOrigin(slug, cfg.scheme, cfg.rootDomain)}/scim/v2`;
}
