// Edge-side half of sign-out, for middleware: it cannot open the database, so it hands the
// signing-out request's cookies to the app's internal route on the apex, which decrypts the
// session and records its end (lib/auth/revocation.ts). The cookie is the proof: whoever holds
// a session may end it, and nobody can end another's.
export async function endSessionOnServer(cookieHeader: string, apexOrigin: string): Promise<void> {
  const response = await fetch(`${apexOrigin}/api/internal/sessions/end`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: cookieHeader,
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`ending the session failed with ${response.status}`);
}
