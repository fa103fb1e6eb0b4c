// Ending a session is for middleware's signed calls only (lib/http/internal-call.ts); the
// signed path is covered in lib/auth/sessions.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorld, stopWorld } from '@/lib/testing/world';
import { INTERNAL_CALL_HEADER, signInternalCall } from '@/lib/http/internal-call';

let route: typeof import('./route');

beforeAll(async () => {
  await startWorld({ auth0: 'stand-in-issuer' });
  route = await import('./route');
});
afterAll(stopWorld);

const post = (headers: Record<string, string>) => route.POST(new Request('http://localhost:3000/api/internal/sessions/end', { method: 'POST', body: '__session=x', headers }));

it('refuses an unsigned call (403)', async () => {
  expect((await post({})).status).toBe(403);
});

it('refuses a call signed with another secret (403)', async () => {
  expect((await post({ [INTERNAL_CALL_HEADER]: await signInternalCall('POST', '/api/internal/sessions/end', 'y'.repeat(40)) })).status).toBe(403);
});
