// Admission: the one place that records a person's arrival in a tenant, so the authorizer
// (lib/auth/authorize.ts) can stay a read. It runs
//  - for a browser, once per sign-in, at /signed-in (the Auth0 callback sends every tenant
//    sign-in there; a session that skipped it is sent back by the page guard), and
//  - for an API caller, in the API route wrapper (lib/handlers/api.ts) before authorize().
// What it records, by the rule authorize() applies (standingOf in lib/auth/membership.ts):
//  - a member's sign-in: lastLoginAt and a member.login audit row;
//  - a person who joined in Auth0 (invitation accepted, auto-membership) and is not recorded
//    yet, from the roles in their freshly signed token; one who arrived role-less through an
//    SSO connection with auto-membership gets its default role, here and in Auth0;
//  - a removed person who signed in again after the removal (a session; a token never does);
//  - an API key's use (lastUsedAt), after authorize() accepted its machine token.
import 'server-only';
import { isMachineToken, verifyAccessToken } from '@/lib/auth/bearer';
import { isRole } from '@/lib/core/permissions';
import type { LiveSession } from '@/lib/auth/session';
import { forgetMembership, loadMembership, sessionEvidence, standingOf, tokenEvidence, type MembershipEvidence } from '@/lib/auth/membership';
import { findMembership, recordJoin, recordLogin, type MembershipRecord } from '@/lib/data/admission';
import { justInTimeGrant } from '@/lib/sso/just-in-time';
import { tenantFromHeaders } from '@/lib/tenancy/headers';
import type { ClientInfo, ResolvedTenant, TenantContext } from '@/lib/core/context';
import { markApiKeyUsed } from '@/lib/data/api-keys';
import { withTenant } from '@/lib/data/scope';
import { clientInfo } from '@/lib/http/client-ip';

/** Whether `row` is an active membership whose last recorded sign-in or token is not older than `issuedAt`. */
function recordedSince(row: MembershipRecord | null, issuedAt: Date): boolean {
  return !!row && !row.removedAt && !!row.lastLoginAt && row.lastLoginAt >= issuedAt;
}

/** Admits the person behind `evidence` to the tenant; their membership, or null when nothing proves one. */
export async function admit(tenantId: string, evidence: MembershipEvidence, client?: ClientInfo): Promise<MembershipRecord | null> {
  // Fresh from the database: the cache may predate a removal or an earlier admission.
  const row = await findMembership(tenantId, evidence.userId);
  const standing = standingOf(tenantId, row, evidence);
  if (standing === 'not_a_member') return null;
  const person = { userId: evidence.userId, email: evidence.email, name: evidence.name, client };
  // Never before the credential's own time: another instance's clock may run behind the one
  // that created the session, and authorize() compares the two.
  const now = new Date(Math.max(Date.now(), evidence.issuedAt.getTime()));

  let admitted: MembershipRecord | null;
  if (row && !row.removedAt) {
    if (recordedSince(row, evidence.issuedAt)) return row;
    admitted = await recordLogin(tenantId, person, now);
  } else {
    const roles = (evidence.claimedRoles ?? []).filter(isRole);
    const jit = roles.length === 0 ? await justInTimeGrant(tenantId, evidence.userId) : null;
    if (jit) roles.push(jit.role);
    admitted = await recordJoin(tenantId, person, { roles, connection: jit?.connection, at: now });
  }
  forgetMembership(tenantId, evidence.userId);
  return admitted;
}

/** The post-login step: admits a fresh session of this tenant's organization. */
export async function admitSession(tenant: ResolvedTenant, session: LiveSession, client?: ClientInfo): Promise<MembershipRecord | null> {
  if (session.user.org_id !== tenant.auth0OrgId) return null;
  return admit(tenant.tenantId, sessionEvidence(session), client);
}

/**
 * The bearer half: a user's access token for this organization, from a person Auth0 made a
 * member (or a member's newer token), is admitted before authorize() reads it. Anything that
 * is not such a token is left for authorize() to refuse with its own reason.
 */
export async function admitBearer(request: Request): Promise<void> {
  const tenant = tenantFromHeaders(request.headers);
  const [scheme, token] = request.headers.get('authorization')?.split(' ') ?? [];
  if (!tenant || scheme?.toLowerCase() !== 'bearer' || !token) return;
  const claims = await verifyAccessToken(token).catch(() => null);
  if (!claims || claims.org_id !== tenant.auth0OrgId || isMachineToken(claims)) return;
  const evidence = tokenEvidence(claims);
  // An API client sends the same token many times: once its use is recorded, the row that
  // authorize() reads next (cached, MEMBERSHIP_CACHE_SECONDS) says so, and there is nothing
  // to write. Only a row that does not show it is read fresh, and the token admitted.
  if (recordedSince(await loadMembership(tenant.tenantId, evidence.userId), evidence.issuedAt)) return;
  await admit(tenant.tenantId, evidence, clientInfo(request.headers));
}

/** An API key's lastUsedAt is written at most this often, so a busy key is not a write per request. */
export const KEY_USE_RESOLUTION_MS = 60_000;

/** Records that the API key behind `ctx` (a machine caller authorize() accepted) was used. */
export async function recordKeyUse(ctx: TenantContext): Promise<void> {
  const key = ctx.apiKey;
  if (!key) return;
  const now = Date.now();
  if (key.lastUsedAt && now - key.lastUsedAt.getTime() < KEY_USE_RESOLUTION_MS) return;
  await withTenant(ctx, (t) => markApiKeyUsed(t, key.id, new Date(now), new Date(now - KEY_USE_RESOLUTION_MS)));
}
