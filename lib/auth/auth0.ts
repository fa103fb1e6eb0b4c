// The one Auth0 (nextjs-auth0) client. Edge-safe: used by middleware and by server code.
import { Auth0Client } from '@auth0/nextjs-auth0/server';
import { NextResponse } from 'next/server';
import { config } from '@/lib/config';
import { SIGN_IN_SCOPE, sessionToSave } from '@/lib/auth/session-contents';
import { safeReturnTo } from '@/lib/http/return-to';

const cfg = config();

/** Session lifetimes (seconds): rolling with inactivity, and at most `absolute` after sign-in. */
export const SESSION_LIFETIME = { inactivity: 60 * 60 * 24, absolute: 60 * 60 * 24 * 3 } as const;

export const auth0 = new Auth0Client({
  domain: cfg.auth0.origin,
  clientId: cfg.auth0.clientId,
  clientSecret: cfg.auth0.clientSecret,
  secret: cfg.auth0.secret,
  // No appBaseUrl: the SDK derives it from the request, which middleware has already
  // validated against ROOT_DOMAIN and stripped of client-supplied forwarding headers.
  // An http:// tenant origin (the local tenant) needs the SDK's explicit opt-in.
  allowInsecureRequests: cfg.auth0.origin.startsWith('http://'),
  authorizationParameters: {
    scope: SIGN_IN_SCOPE,
    audience: cfg.auth0.apiAudience,
  },
  // Host-only cookies: a session on acme.example.com is never sent to globex.example.com.
  // Rolling: each write of the cookie gives it `inactivity` more (never past `absolute`). The
  // writes are middleware's (lib/middleware/session-activity.ts, at most once a minute): the
  // SDK's middleware, which would write it on every request, runs for /auth/* only.
  session: { rolling: true, inactivityDuration: SESSION_LIFETIME.inactivity, absoluteDuration: SESSION_LIFETIME.absolute },
  // Browsers never need raw tokens; server code reads them from the session.
  enableAccessTokenEndpoint: false,
  logoutStrategy: 'auto',
  // The session keeps no ID token (one cookie, lib/auth/session-contents.ts): sign-out sends
  // Auth0 logout_hint (the session's sid) and client_id instead of id_token_hint.
  includeIdTokenHintInOIDCLogoutUrl: false,
  async beforeSessionSaved(session) {
    return sessionToSave(session);
  },
  // Auth0 reports refusals (not a member, expired invitation...) on the callback. Show a
  // page that says what happened instead of the SDK's bare 500. A sign-in goes on to
  // admission, then to where it was headed.
  async onCallback(error, ctx, session) {
    const base = ctx.appBaseUrl ?? cfg.apexOrigin;
    if (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const url = new URL('/auth-error', base);
      url.searchParams.set('error', cause?.code ?? error.code ?? 'login_failed');
      if (cause?.message) url.searchParams.set('description', cause.message.slice(0, 300));
      return NextResponse.redirect(url);
    }
    return NextResponse.redirect(afterSignInUrl(ctx.returnTo, base, session?.user.org_id));
  },
});

/**
 * Where a successful sign-in goes: one to an organization is admitted first (app/tenant/
 * signed-in, lib/admission), since the callback runs in Edge middleware, which has no
 * database; then on to returnTo.
 */
export function afterSignInUrl(returnTo: string | undefined, base: string, auth0OrgId: string | undefined): URL {
  // The SDK keeps only the path of returnTo, but "/a/..//evil.example" leaves it "//evil.example".
  const target = new URL(safeReturnTo(returnTo, '/'), base);
  if (!auth0OrgId) return target;
  const admission = new URL('/signed-in', base);
  admission.searchParams.set('returnTo', target.pathname + target.search);
  return admission;
}
