// The browser tests' hooks (TEST_HOOKS=1, which lib/config allows only with the local tenant on
// localhost): without the flag every hook is a plain 404, as if it did not exist; with it, a
// hook still answers only calls signed with the app secret (lib/http/internal-call.ts), as the
// tests sign them (e2e/support/hooks.ts).
import { config } from '@/lib/config';
import { refuseUnsignedCall } from '@/lib/http/internal-call';

export async function refuseTestHook(request: Request): Promise<Response | null> {
  if (!config().testHooks) return Response.json({ error: 'not_found', message: 'Not found.' }, { status: 404 });
  return refuseUnsignedCall(request, config().auth0.secret);
}

/** The JSON body, or null when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return null;
  }
}

export const badRequest = (message: string) => Response.json({ error: 'invalid_request', message }, { status: 400 });
