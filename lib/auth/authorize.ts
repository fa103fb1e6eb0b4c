// The one function that authorizes a request to tenant data. Pages, server actions and
// route handlers all call it. It answers, in order:
//   1. which tenant is this host (set by middleware, never by the client),
//   2. who is calling: a live session cookie (not ended on the server) or a bearer access
//      token for the Tenantry API; a cookie-authenticated write must come from this origin,
//   3. is the credential for this tenant's organization (org_id),
//   4. is the user still a member (database, so a removal applies on the next request), and
//      was this sign-in admitted (lib/admission: the post-login step, or admitBearer); for a
//      machine token: is its client a live (not revoked, not expired) API key of this tenant,
//   5. for a session, does the sign-in meet the organization's MFA requirement (read with the
//      membership, so no extra query),
//   6. does the role (or a machine token's scope and its API key) grant the permission asked for.
// It only reads: no write, no Auth0 call (admission does those, once).
import 'server-only';
import { headers as requestHeaders } from 'next/headers';
import { liveSession } from '@/lib/auth/session';
import { isMachineToken, tokenPermissions, verifyAccessToken, InvalidTokenError } from '@/lib/auth/bearer';
import { PERMISSIONS, permissionsOf, type Permission } from '@/lib/core/permissions';
import { signInMeetsMfa } from '@/lib/auth/claims';
import { membershipStanding, sessionEvidence, tokenEvidence, type MembershipEvidence } from '@/lib/auth/membership';
import { apiKeyForClient } from '@/lib/data/api-keys';
import { withTenant } from '@/lib/data/scope';
import { tenantFromHeaders } from '@/lib/tenancy/headers';
import { clientInfo } from '@/lib/http/client-ip';
import type { ResolvedTenant } from '@/lib/core/context';
import type { Principal, TenantContext } from '@/lib/core/context';

/**
 * not_admitted: a session whose sign-in admission has not recorded yet (pages send it to /signed-in).
 * mfa_required: a session without MFA in an organization that requires it (pages send it to /mfa-required).
 */
export type AuthFailure = 'unauthenticated' | 'invalid_token' | 'wrong_organization' | 'not_a_member' | 'not_admitted' | 'mfa_required' | 'forbidden' | 'no_tenant';

export class AuthError extends Error {
  constructor(readonly reason: AuthFailure, message: string) {
    super(message);
    this.name = 'AuthError';
  }
  get status(): 401 | 403 | 404 {
    if (this.reason === 'unauthenticated' || this.reason === 'invalid_token') return 401;
    if (this.reason === 'no_tenant') return 404;
    return 403;
  }
}

export interface AuthorizeOptions {
  permission?: Permission;
  /** Route handlers pass their request; pages and server actions read the current one. */
  request?: Request;
}

function context(tenant: ResolvedTenant, principal: Principal, roles: string[], permissions: Set<Permission>, via: TenantContext['via']): TenantContext {
  return { tenant, principal, roles, permissions, via, can: (p) => permissions.has(p) };
}

export async function authorize(options: AuthorizeOptions = {}): Promise<TenantContext> {
  const headers = options.request?.headers ?? (await requestHeaders());
  const tenant = tenantFromHeaders(headers);
  if (!tenant) throw new AuthError('no_tenant', 'This address is not an organization.');

  const ctx = await authenticate(tenant, headers, options.request);
  // Where the caller is, for the audit events of what they do.
  ctx.client = clientInfo(headers);
  if (options.permission && !ctx.can(options.permission)) {
    throw new AuthError('forbidden', `This needs the ${options.permission} permission, which your role does not have.`);
  }
  return ctx;
}

async function authenticate(tenant: ResolvedTenant, headers: Headers, request?: Request): Promise<TenantContext> {
  const authorization = headers.get('authorization');
  if (authorization) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new AuthError('invalid_token', 'Use an Authorization: Bearer <access token> header.');
    let claims;
    try {
      claims = await verifyAccessToken(token);
    } catch (error) {
      throw new AuthError('invalid_token', error instanceof InvalidTokenError ? error.message : 'invalid token');
    }
    if (claims.org_id !== tenant.auth0OrgId) throw new AuthError('wrong_organization', 'This token is for another organization.');
    const granted = new Set(tokenPermissions(claims).filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p)));
    if (isMachineToken(claims)) {
      // A machine token counts only through a live API key of this organization, and grants
      // what both its scopes and the key allow (a deleted Auth0 client's JWTs stay valid until
      // they expire: the key's row is what ends them at once).
      const clientId = claims.azp ?? claims.sub.replace(/@clients$/, '');
      const key = await liveApiKey(tenant, clientId);
      const allowed = new Set(key.permissions);
      const permissions = new Set([...granted].filter((p) => allowed.has(p)));
      const ctx = context(tenant, { kind: 'machine', id: clientId, name: `API key “${key.name}”` }, [], permissions, 'bearer');
      return { ...ctx, apiKey: { id: key.id, lastUsedAt: key.lastUsedAt } };
    }
    const membership = await requireMembership(tenant, tokenEvidence(claims));
    // A token may carry fewer scopes than the role allows: grant what both allow.
    const allowed = permissionsOf(membership.roles);
    const permissions = new Set([...granted].filter((p) => allowed.has(p)));
    return context(tenant, { kind: 'user', id: claims.sub, email: membership.email ?? undefined, name: membership.name ?? undefined }, membership.roles, permissions, 'bearer');
  }

  const session = await liveSession(request);
  if (!session) throw new AuthError('unauthenticated', 'Please sign in.');
  if (request && !isSafeMethod(request.method) && !sameOrigin(request)) {
    throw new AuthError('forbidden', 'A signed-in write must come from this site. API clients use a bearer token.');
  }
  const user = session.user;
  if (user.org_id !== tenant.auth0OrgId) throw new AuthError('wrong_organization', 'You are signed in to another organization.');
  const membership = await requireMembership(tenant, sessionEvidence(session));
  // Bearer tokens are not held to it: access tokens carry no amr, and the sign-in that got
  // them went through the post-login Action, which enforced MFA at Auth0.
  if (membership.orgMfa?.required && !signInMeetsMfa(user, membership.orgMfa)) {
    throw new AuthError('mfa_required', 'This organization requires multi-factor authentication. Sign in again to complete it.');
  }
  return context(tenant, { kind: 'user', id: user.sub, email: user.email, name: user.name }, membership.roles, permissionsOf(membership.roles), 'session');
}

const isSafeMethod = (method: string) => ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

/**
 * Cookies ride along on cross-site requests, so a route handler's write with a session must
 * prove it came from a page of this host: the browser's Origin (or, without it, its
 * Sec-Fetch-Site) says so. Server actions get the same check from Next.js itself.
 */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin) {
    // Middleware pins X-Forwarded-Host/Proto to the validated host.
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
    return host !== null && origin === `${proto}://${host}`;
  }
  return request.headers.get('sec-fetch-site') === 'same-origin';
}

async function requireMembership(tenant: ResolvedTenant, evidence: MembershipEvidence) {
  const { standing, membership } = await membershipStanding(tenant.tenantId, evidence);
  if (standing === 'member') return membership!;
  // A token is admitted by the API wrapper before it gets here (admitBearer); one that was
  // not is no proof of membership for authorize().
  if (standing === 'not_admitted' && evidence.proof === 'session') {
    throw new AuthError('not_admitted', 'Your sign-in is not finished yet. Open this organization’s page to complete it.');
  }
  throw new AuthError('not_a_member', 'You are no longer a member of this organization.');
}

/**
 * The API key behind a machine token's client, in this tenant only. The same answer (401
 * invalid_token) for no key, a revoked and an expired one, each with its own message for the
 * key's owner; the database is read on every request so a revocation applies on the next one.
 */
async function liveApiKey(tenant: ResolvedTenant, clientId: string) {
  const key = await withTenant(tenant.tenantId, (t) => apiKeyForClient(t, clientId));
  if (!key) throw new AuthError('invalid_token', "This token's application is not an API key of this organization.");
  if (key.revokedAt) throw new AuthError('invalid_token', 'This API key was revoked.');
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new AuthError('invalid_token', 'This API key has expired.');
  return key;
}
