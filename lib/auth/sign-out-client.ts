// Edge-side half of sign-out, for middleware: it cannot open the database, so it hands the
// signing-out request's cookies to the app's internal route on the apex, which decrypts the
// session and records its end (lib/auth/revocation.ts). The cookie is the proof: whoever holds
// a session may end it, and nobody can end another's.
import { internalFetch } from '@/lib/http/internal-call';

export async function endSessionOnServer(cookieHeader: string, apexOrigin: string, secret: string): Promise<void> {
  const response = await internalFetch(apexOrigin, '/api/internal/sessions/end', secret, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: cookieHeader,
  });
  if (!response.ok) throw new Error(`ending the session failed with ${response.status}`);
}
