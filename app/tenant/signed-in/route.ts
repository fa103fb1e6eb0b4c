// The post-login step on a tenant host: the Auth0 callback sends every sign-in here
// (lib/auth/auth0.ts), and the page guard sends back a session that skipped it. It admits
// the fresh session (lib/admission) and then goes on to where the person was headed.
// A GET, as a redirect must be: it only records what the session itself proves, for its own
// holder, and doing it twice changes nothing.
import { redirect } from 'next/navigation';
import { liveSession } from '@/lib/auth/session';
import { admitSession } from '@/lib/admission/admit';
import { tenantFromHeaders } from '@/lib/tenancy/headers';
import { safeReturnTo } from '@/lib/http/return-to';
import { clientInfo } from '@/lib/http/client-ip';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const tenant = tenantFromHeaders(request.headers);
  if (!tenant) return Response.json({ error: 'no_tenant', message: 'This address is not an organization.' }, { status: 404 });
  const requested = new URL(request.url).searchParams.get('returnTo');
  const returnTo = requested ? safeReturnTo(requested) : '/';
  const session = await liveSession(request);
  if (!session) redirect(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  let admitted;
  try {
    admitted = await admitSession(tenant, session, clientInfo(request.headers));
  } catch (error) {
    console.error('signed-in: admission failed:', error instanceof Error ? error.message : error);
    return new Response('Signing in could not be completed. Please reload this page in a moment.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' } });
  }
  redirect(admitted ? returnTo : '/not-a-member');
}

export const POST = () => Response.json({ error: 'method_not_allowed', message: 'Use GET.' }, { status: 405, headers: { allow: 'GET' } });
